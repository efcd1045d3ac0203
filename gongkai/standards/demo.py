def load_standards_demo(records=None):
    return {}
