from django.urls import path

from dotpha.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/reopen/", views.period_reopen, name="period_reopen"),
]
