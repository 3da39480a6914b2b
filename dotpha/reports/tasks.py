"""Background jobs of the reports app (django.tasks; `manage.py db_worker` runs them)."""

from django.tasks import task

from dotpha.reports.services import export_job_run


@task()
def run_export_job(job_id: str) -> str:
    job = export_job_run(job_id=job_id)
    return job.status
