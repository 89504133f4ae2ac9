from workflows import engine


def open_task_names(case) -> list[str]:
    return sorted(t.flow_task.name for t in engine.open_tasks(engine.process_of(case)))


def do(case, user, action, service, **kwargs):
    """Run a case service for ``action`` the way the UI does, through the engine."""
    result = engine.perform(case=case, user=user, action=action, run=lambda: service(case=case, actor=user, **kwargs))
    case.refresh_from_db()
    return result
