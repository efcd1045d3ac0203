def load_participation_demo(records=None):
    return {}
