def load_proposals_demo(**options):
    return {}
