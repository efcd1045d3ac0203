def load_workplans_demo(**options):
    return {}
