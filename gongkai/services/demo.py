def load_services_demo(records=None):
    return {}
