from django.urls import path

from dotpha.ratings import scheme_views, views

app_name = "ratings"
urlpatterns = [
    path("", views.rating_list, name="list"),
    path("propose/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/self-score/", views.self_score, name="self_score"),
    path("<int:pk>/unit-score/", views.unit_score, name="unit_score"),
    path("<int:pk>/duty-group/", views.duty_group, name="duty_group"),
    path("schemes/", scheme_views.scheme_list, name="schemes"),
    path("schemes/<int:pk>/", scheme_views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/new-version/", scheme_views.scheme_new_version, name="scheme_new_version"),
]
