"""A CodeCarbon measurement without CodeCarbon: its card fields (``measurement``) and
``emissions.csv`` read safely (``csvfile``). Pure standard library, so the HFC045 rule and
``fill`` share it, and ``tracking`` (which runs CodeCarbon) sits above it.
"""
