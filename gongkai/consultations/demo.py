def load_consultations_demo(records=None):
    return {}
