from casemgmt.cases.services.act import perform_act
from workflows import engine


def open_task_names(case) -> list[str]:
    return sorted(t.flow_task.name for t in engine.open_tasks(engine.process_of(case)))


def do(case, user, action, service, **kwargs):
    """Run a case service for ``action`` the way the UI does, through the engine."""
    result = perform_act(action, case=case, actor=user, call=lambda: service(case=case, actor=user, **kwargs))
    case.refresh_from_db()
    return result
