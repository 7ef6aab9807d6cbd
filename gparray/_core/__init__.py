"""The core layer: ndarray state and views, basic indexing, host transfer, operands."""
