def load_interpretations_demo(records=None) -> dict[str, int]:
    return {}
