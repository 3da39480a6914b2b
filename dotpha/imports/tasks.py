"""Background jobs of the imports app (django.tasks; `manage.py db_worker` runs them)."""

from django.tasks import task

from dotpha.imports.task_job_services import task_import_job_run


@task()
def run_task_import_job(job_id: str) -> str:
    job = task_import_job_run(job_id=job_id)
    return job.status
