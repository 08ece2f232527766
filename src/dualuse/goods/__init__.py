"""goods"""
