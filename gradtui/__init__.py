"""gradtui: learn derivatives and gradients in the terminal by touching them."""

__version__ = "0.1.0"
