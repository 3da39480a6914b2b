from django.urls import path

from dotpha.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.locked_accounts, name="locked"),
    path("<int:pk>/unlock/", views.unlock, name="unlock"),
]
