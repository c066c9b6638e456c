"""What several scene kinds share: parameters, keys, numbers, plots, curves, layout, markers and
the learning-rate control. No scene module imports another scene kind; they meet here.
Never imports Textual."""
