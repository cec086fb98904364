"""The code of {{name}}; lambda_function.py at the top is its entry point."""
