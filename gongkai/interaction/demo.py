def load_interaction_demo(records=None) -> dict[str, int]:
    return {}
