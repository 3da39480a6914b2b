from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "dotpha.tasks"
    label = "tasks"
    verbose_name = "Việc đột phá, đổi mới"
