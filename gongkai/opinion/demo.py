def load_opinion_demo(records=None) -> dict[str, int]:
    return {}
