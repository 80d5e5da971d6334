"""rhetoric"""
