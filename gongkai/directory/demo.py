def load_directory_demo(records=None):
    return {}
