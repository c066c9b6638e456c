"""The yardstick: a bare Textual app (a header, one line, a footer). Start-up and memory of
gradtui are compared against it in the same run, so the ratios hold on a noisy machine."""

from textual.app import App
from textual.widgets import Footer, Header, Static


class BareApp(App):
    BINDINGS = [("q", "quit", "quit")]

    def compose(self):
        yield Header()
        yield Static("bare app ready")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
