"""Local date and number formats (`FORMAT_MODULE_PATH`): where Django's own for a language do not suit the towns."""
