from django.urls import path

from dotpha.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("day-off/add/", views.day_off_add, name="day_off_add"),
    path("day-off/remove/", views.day_off_remove, name="day_off_remove"),
    path("weekend-work/add/", views.weekend_work, name="weekend_work"),
    path("weekend-work/undo/", views.weekend_work_undo, name="weekend_work_undo"),
]
