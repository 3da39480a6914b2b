from django.urls import path

from dotpha.org import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", views.unit_children, name="unit_children"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
]
