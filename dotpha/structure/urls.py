from django.urls import path

from dotpha.structure import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", views.unit_children, name="unit_children"),
    path("units/<int:pk>/add/", views.unit_add_child, name="unit_add_child"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/close/", views.unit_close, name="unit_close"),
    path("units/<int:pk>/merge/", views.unit_merge, name="unit_merge"),
    path("units/<int:pk>/split/", views.unit_split, name="unit_split"),
    path("positions/<int:pk>/leadership/", views.position_leadership, name="position_leadership"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
]
