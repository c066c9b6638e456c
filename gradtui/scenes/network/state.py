"""What the network scene holds and does, without a terminal: the data, the network being
trained (gradtui.calculus.network), the learner's changes to both, and the one example whose
backward pass `b` shows (gradtui.calculus.one_example). `NetworkState` is all of it: its
words (words.py) and its picture (picture.py) are parts it is made of.

Every change that the weights cannot survive (a neuron, a layer, a feature, the activation, the
dataset or its noise) builds the network again from the same seed and says so in `notice`;
reset draws new initial weights from the next seed. The learning rate changes between steps and
needs no new weights.
"""

from __future__ import annotations

import numpy as np

from gradtui.calculus.network import (
    ACTIVATIONS,
    MAX_LAYERS,
    MAX_NEURONS,
    NetworkTrainer,
    Shape,
)
from gradtui.calculus.one_example import ExampleGraph, NeuronStory, neuron_name
from gradtui.calculus.plane_data import (
    DATASETS,
    EXTENT,
    FEATURES,
    MAX_NOISE,
    features,
    given_points,
    make_points,
    split,
)
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.loss_axes import LossAxes
from gradtui.scenes.kit.maps import cell_centres
from gradtui.scenes.kit.numbers import plural, short
from gradtui.scenes.kit.params import within
from gradtui.scenes.kit.plots import PlotCache
from gradtui.scenes.network.picture import NetworkPicture
from gradtui.scenes.network.words import NetworkWords

PLANE = ((-EXTENT, EXTENT), (-EXTENT, EXTENT))  # the map's box: x1 and x2 from -6 to 6
GIVEN = "the lesson's points"  # the dataset's name when the lesson writes its points out
NOISE_STEP = 0.05
READOUT_EVERY = 3  # while playing, the losses are said anew every third frame (3.7 a second)


class NetworkState(NetworkWords, NetworkPicture, SceneState):
    """The network scene's state: data, network, trainer, and what the learner chose; its
    words (words.py) and its picture (picture.py)."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.given = given_points(params["data"]) if params["data"] else None
        self.dataset = GIVEN if self.given is not None else params["dataset"]
        self.noise = float(params["noise"])
        self.features = list(dict.fromkeys(params["features"]))
        self.hidden = [int(n) for n in params["hidden"]]
        self.activation = params["activation"]
        self.learning_rate = float(params["learning_rate"])
        self.batch_size = int(params["batch_size"])
        self.l2 = float(params["l2"])
        self.steps_per_frame = int(params["steps_per_frame"])
        self.seed = int(params["seed"])
        self.playing = False
        self.show_test = bool(params["show_test"])
        self.explaining = False
        self.layer = 1  # the chosen weight layer (1 = first hidden; the last is the output)
        self.neuron = 0  # the chosen neuron of that layer, from 0
        self.example = 0  # which point of the next batch the backward pass follows
        self.notice = ""
        self.frames = 0
        self._said: dict[str, object] = {}
        self.axes = LossAxes(log_scale=False)
        self.plots = PlotCache()
        self._make_data()
        self._make_network()

    # --- building --------------------------------------------------------------------------

    def _make_data(self) -> None:
        if self.dataset == GIVEN:
            points = self.given
        else:
            points = make_points(self.dataset, self.params["points"], self.noise,
                                 self.params["seed"])  # fmt: skip
        self.train, self.test = split(points, self.params["test_fraction"])

    def _make_network(self) -> None:
        shape = Shape(tuple(self.features), tuple(self.hidden), self.activation)
        self.trainer = NetworkTrainer(
            shape,
            self.train,
            self.test,
            learning_rate=self.learning_rate,
            batch_size=self.batch_size,
            l2=self.l2,
            seed=self.seed,
        )
        self.layer = min(self.layer, shape.layers)
        self.neuron = min(self.neuron, shape.sizes[self.layer] - 1)
        self.example = 0
        self._said.clear()
        self.axes.reset()

    @property
    def shape(self) -> Shape:
        return self.trainer.shape

    def _rebuilt(self, what: str) -> None:
        """Build the network again after a change its weights cannot survive, and say so."""
        self.playing = False
        self._make_network()
        self.notice = (f"{what}: new network, new initial weights (seed {self.seed}); "
                       "training starts again at step 0")  # fmt: skip

    # --- playing ---------------------------------------------------------------------------

    def toggle_play(self) -> bool:
        """Play or pause; a run that diverged cannot play until something changes."""
        self.playing = not self.playing and not self.trainer.diverged
        if self.playing:
            self.explaining = False
            self.notice = ""
        return self.playing

    def tick(self) -> bool:
        """One frame: `steps_per_frame` steps of training; stops if it diverges."""
        if self.playing:
            self.trainer.run(self.steps_per_frame)
            self.frames += 1
            self.playing = not self.trainer.diverged
        return self.playing

    def step(self) -> None:
        """One step of training on the next batch (pausing a run that was playing)."""
        self.playing = False
        self.notice = ""
        self.trainer.run(1)
        self.example = 0

    def reset(self) -> None:
        """New initial weights from the next seed; the data and settings stay."""
        self.playing = False
        self.seed += 1
        self.trainer.reset(self.seed)
        self.example = 0
        self._said.clear()
        self.axes.reset()
        self.notice = f"new initial weights (seed {self.seed}): training starts again at step 0"

    # --- the learning rate -----------------------------------------------------------------

    def faster(self) -> None:
        """Double the learning rate (the next step uses it; the weights stay)."""
        self._set_rate(rates.doubled(self.learning_rate))

    def slower(self) -> None:
        """Halve the learning rate."""
        self._set_rate(rates.halved(self.learning_rate))

    def _set_rate(self, rate: float) -> None:
        self.learning_rate = self.trainer.learning_rate = rate
        self.notice = f"learning rate {short(rate)}: the next step uses it, the weights stay"

    # --- the network -----------------------------------------------------------------------

    def next_activation(self) -> None:
        """The next activation for the hidden layers: tanh, relu, sigmoid, linear."""
        self.activation = ACTIVATIONS[(ACTIVATIONS.index(self.activation) + 1) % len(ACTIVATIONS)]
        self._rebuilt(f"activation {self.activation}")

    def next_layer(self) -> None:
        """Choose the next layer (the one + and - change, and b explains)."""
        self.layer = self.layer % self.shape.layers + 1
        self.neuron = min(self.neuron, self.shape.sizes[self.layer] - 1)
        self.notice = f"chosen: {self.layer_words(self.layer)}"

    def next_neuron(self) -> None:
        """Choose the next neuron of the chosen layer."""
        self.choose_neuron(self.layer, (self.neuron + 1) % self.shape.sizes[self.layer])

    def choose_neuron(self, layer: int, index: int) -> None:
        """Choose neuron `index` (from 0) of `layer` (1 = the first hidden layer): the one
        + and - change the layer of, and b explains."""
        self.layer, self.neuron = layer, index
        self.notice = f"chosen: neuron {neuron_name(self.shape, layer, index)}"

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A press on a neuron, or on the marks of the weights coming into it, chooses it
        (as c and k do)."""
        press = self.pressed(x, y, width, height)
        if press is None or press.name != "neuron":
            return False
        self.choose_neuron(*press.spot.meaning)
        return True

    def layer_words(self, layer: int) -> str:
        if layer == self.shape.layers:
            return "the output neuron"
        return f"hidden layer {layer} ({plural(self.hidden[layer - 1], 'neuron')})"

    def add_neuron(self) -> None:
        """One more neuron in the chosen hidden layer (at most 8)."""
        self._resize(+1)

    def remove_neuron(self) -> None:
        """One neuron fewer in the chosen hidden layer (at least 1)."""
        self._resize(-1)

    def _resize(self, change: int) -> None:
        if self.layer > len(self.hidden):
            self.notice = "the output is one neuron: choose a hidden layer with c"
            return
        size = self.hidden[self.layer - 1] + change
        if not 1 <= size <= MAX_NEURONS:
            self.notice = f"a layer holds 1 to {MAX_NEURONS} neurons"
            return
        self.hidden[self.layer - 1] = size
        self._rebuilt(f"hidden layer {self.layer} has {plural(size, 'neuron')}")

    def add_layer(self) -> None:
        """One more hidden layer (at most 3), as big as the last, just before the output."""
        if len(self.hidden) >= MAX_LAYERS:
            self.notice = f"at most {MAX_LAYERS} hidden layers"
            return
        self.hidden.append(self.hidden[-1] if self.hidden else 4)
        self.layer = len(self.hidden)
        self._rebuilt(plural(len(self.hidden), "hidden layer"))

    def remove_layer(self) -> None:
        """One hidden layer fewer: the chosen one (none left is logistic regression)."""
        if not self.hidden:
            self.notice = "no hidden layer left: the features go straight to the output"
            return
        del self.hidden[min(self.layer, len(self.hidden)) - 1]
        left = len(self.hidden)
        self._rebuilt(plural(left, "hidden layer") if left else
                      "no hidden layer (logistic regression)")  # fmt: skip

    def toggle_feature(self, index: int) -> None:
        """Feed the network feature `index` (of FEATURES, in order) or stop feeding it."""
        name = list(FEATURES)[index]
        if name in self.features:
            if len(self.features) == 1:
                self.notice = "the network needs at least one feature"
                return
            self.features.remove(name)
            what = f"feature {name} off"
        else:
            self.features = [f for f in FEATURES if f in self.features or f == name]
            what = f"feature {name} on"
        self._rebuilt(what)

    # --- the data --------------------------------------------------------------------------

    def next_dataset(self) -> None:
        """The next dataset (the lesson's own points first, when it has some)."""
        names = ([GIVEN] if self.given is not None else []) + list(DATASETS)
        self.dataset = names[(names.index(self.dataset) + 1) % len(names)]
        self._make_data()
        self._rebuilt(f"dataset {self.dataset}")

    def more_noise(self) -> None:
        """More noise in the data (up to 0.5): new points, so new weights too."""
        self._set_noise(self.noise + NOISE_STEP)

    def less_noise(self) -> None:
        """Less noise in the data (down to 0)."""
        self._set_noise(self.noise - NOISE_STEP)

    def _set_noise(self, noise: float) -> None:
        if self.dataset == GIVEN:
            self.notice = "the lesson's own points have no noise to change"
            return
        self.noise = round(min(max(noise, 0.0), MAX_NOISE), 6)
        self._make_data()
        self._rebuilt(f"noise {short(self.noise)}")

    def toggle_test(self) -> None:
        """Show or hide the test points on the map."""
        self.show_test = not self.show_test

    # --- the backward pass of one example --------------------------------------------------

    def toggle_backward(self) -> None:
        """Show (pausing) or hide the backward pass of one example through the chosen neuron."""
        self.explaining = not self.explaining
        if self.explaining:
            self.playing = False
            self.notice = ""

    def next_example(self) -> None:
        """Follow the next example of the batch."""
        self.example = (self.example + 1) % len(self.trainer.batch)

    def example_point(self) -> tuple[np.ndarray, float]:
        """The followed example: its (x1, x2) and its label."""
        row = int(self.trainer.batch[self.example % len(self.trainer.batch)])
        return self.train.xy[row], float(self.train.labels[row])

    def story(self) -> NeuronStory:
        """The backward pass through the chosen neuron for the followed example, read off
        autodiff's own passes over the network built of single numbers."""
        xy, label = self.example_point()
        columns = features(self.shape.features, xy.reshape(1, 2))[0]
        graph = ExampleGraph(self.shape, self.trainer.weights, columns, label)
        return graph.story(self.layer, self.neuron)

    def batch_gradient(self) -> tuple[np.ndarray, float]:
        """The chosen neuron's gradient (its incoming weights, then its bias) for the next
        step: the batch's loss through the matrix pass, as training takes it."""
        t = self.trainer
        rows = t.batch
        _, gradient = t.graph.loss_and_gradient(t.weights, t.train_columns[rows],
                                                t.train.labels[rows])  # fmt: skip
        weights, bias = gradient[2 * self.layer - 2], gradient[2 * self.layer - 1]
        return weights[:, self.neuron].copy(), float(bias[self.neuron])

    # --- numbers the learner can type ------------------------------------------------------

    def settings(self) -> dict[str, float]:
        """lr, noise, l2 and batch can be typed (`set lr 0.1`)."""
        return {"lr": self.learning_rate, "noise": self.noise, "l2": self.l2,
                "batch": float(self.batch_size)}  # fmt: skip

    def set(self, name: str, value: float) -> None:
        """Set the learning rate (kept weights) or noise, l2 or batch (new weights)."""
        if name == "lr":
            self._set_rate(rates.typed(value))
        elif name == "noise":
            noise = within("noise", value, 0.0, MAX_NOISE)
            if self.dataset == GIVEN:
                raise ValueError("the lesson's own points have no noise to change")
            self._set_noise(noise)
        elif name == "l2":
            self.l2 = within("l2", value, 0.0, 10.0)
            self._rebuilt(f"l2 {short(self.l2)}")
        elif name == "batch":
            size = within("batch", value, 0, self.train.size)
            if size != int(size):
                raise ValueError("batch must be a whole number (0 for every training point)")
            self.batch_size = int(size)
            self._rebuilt(f"batch size {self.batch_size or 'all'}")
        else:
            super().set(name, value)

    # --- numbers said at a readable pace ---------------------------------------------------

    def said(self, name: str, work):
        """A value as the frame shows it: while playing, worked out anew every READOUT_EVERY
        frames (numbers changing 11 times a second cannot be read, and repainting them costs
        bytes); paused, now."""
        if not self.playing or self.frames % READOUT_EVERY == 0 or name not in self._said:
            self._said[name] = work()
        return self._said[name]

    def map_probabilities(self, columns: int, rows: int) -> np.ndarray:
        """The network's p at the centre of every cell of a map of the plane (top row first)."""
        return self.trainer.grid(*cell_centres(PLANE, columns, rows))
