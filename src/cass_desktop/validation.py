"""Scaffold: being written."""
