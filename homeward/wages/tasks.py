"""Background work of wage protection: the rules run over a project after every upload."""

from django_tasks import task

from homeward.scoping import unscoped

from .models import Project
from .services import scan_project


@task()
def scan_project_task(project_id: int) -> dict:
    with unscoped():
        project = Project._base_manager.filter(pk=project_id).first()
    if project is None:
        return {"missing": project_id}
    result = scan_project(project)
    return {"raised": result.raised, "cleared": result.cleared}
