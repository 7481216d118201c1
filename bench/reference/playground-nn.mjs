// A network written the way TensorFlow Playground's nn.ts is (github.com/tensorflow/playground,
// src/nn.ts, Apache-2.0): one object per neuron (Node) and per weight (Link), forwardProp /
// backProp / updateWeights walking those objects, squared error, per-example backprop with the
// derivatives accumulated and applied every `batchSize` examples. Ported to plain JS, logic
// unchanged; Math.random replaced by a seeded generator (the Playground seeds Math.random
// with seedrandom) so runs are repeatable. Also the Playground's `circle` data generator
// (src/dataset.ts) and its training step and decision-boundary loop (src/playground.ts).

/** mulberry32: a small seeded generator returning [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Node {
  /**
   * @param {string} id
   * @param {{ output: (x: number) => number, der: (x: number) => number }} activation
   * @param {boolean} [initZero]
   */
  constructor(id, activation, initZero) {
    this.id = id;
    /** @type {Link[]} */
    this.inputLinks = [];
    this.bias = 0.1;
    /** @type {Link[]} */
    this.outputs = [];
    this.totalInput = 0;
    this.output = 0;
    this.outputDer = 0;
    this.inputDer = 0;
    this.accInputDer = 0;
    this.numAccumulatedDers = 0;
    this.activation = activation;
    if (initZero) this.bias = 0;
  }

  updateOutput() {
    this.totalInput = this.bias;
    for (let j = 0; j < this.inputLinks.length; j++) {
      const link = this.inputLinks[j];
      this.totalInput += link.weight * link.source.output;
    }
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}

export const Errors = {
  SQUARE: {
    error: (output, target) => 0.5 * Math.pow(output - target, 2),
    der: (output, target) => output - target,
  },
};

export const Activations = {
  TANH: {
    output: (x) => Math.tanh(x),
    der: (x) => {
      const output = Activations.TANH.output(x);
      return 1 - output * output;
    },
  },
  RELU: { output: (x) => Math.max(0, x), der: (x) => (x <= 0 ? 0 : 1) },
  SIGMOID: {
    output: (x) => 1 / (1 + Math.exp(-x)),
    der: (x) => {
      const output = Activations.SIGMOID.output(x);
      return output * (1 - output);
    },
  },
  LINEAR: { output: (x) => x, der: () => 1 },
};

export const RegularizationFunction = {
  L1: { output: (w) => Math.abs(w), der: (w) => (w < 0 ? -1 : w > 0 ? 1 : 0) },
  L2: { output: (w) => 0.5 * w * w, der: (w) => w },
};

export class Link {
  /**
   * @param {Node} source
   * @param {Node} dest
   * @param {object | null} regularization
   * @param {boolean} [initZero]
   * @param {() => number} [random]
   */
  constructor(source, dest, regularization, initZero, random = Math.random) {
    this.id = source.id + '-' + dest.id;
    this.source = source;
    this.dest = dest;
    this.weight = random() - 0.5;
    this.isDead = false;
    this.errorDer = 0;
    this.accErrorDer = 0;
    this.numAccumulatedDers = 0;
    this.regularization = regularization;
    if (initZero) this.weight = 0;
  }
}

/** nn.ts buildNetwork: layers of Nodes, every Node linked to every Node of the layer before. */
export function buildNetwork(networkShape, activation, outputActivation, regularization, inputIds, initZero, random) {
  const numLayers = networkShape.length;
  let id = 1;
  /** @type {Node[][]} */
  const network = [];
  for (let layerIdx = 0; layerIdx < numLayers; layerIdx++) {
    const isOutputLayer = layerIdx === numLayers - 1;
    const isInputLayer = layerIdx === 0;
    const currentLayer = [];
    network.push(currentLayer);
    const numNodes = networkShape[layerIdx];
    for (let i = 0; i < numNodes; i++) {
      let nodeId = id.toString();
      if (isInputLayer) {
        nodeId = inputIds[i];
      } else {
        id++;
      }
      const node = new Node(nodeId, isOutputLayer ? outputActivation : activation, initZero);
      currentLayer.push(node);
      if (layerIdx >= 1) {
        for (let j = 0; j < network[layerIdx - 1].length; j++) {
          const prevNode = network[layerIdx - 1][j];
          const link = new Link(prevNode, node, regularization, initZero, random);
          prevNode.outputs.push(link);
          node.inputLinks.push(link);
        }
      }
    }
  }
  return network;
}

export function forwardProp(network, inputs) {
  const inputLayer = network[0];
  if (inputs.length !== inputLayer.length) {
    throw new Error('The number of inputs must match the number of nodes in the input layer');
  }
  for (let i = 0; i < inputLayer.length; i++) {
    const node = inputLayer[i];
    node.output = inputs[i];
  }
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    const currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) {
      const node = currentLayer[i];
      node.updateOutput();
    }
  }
  return network[network.length - 1][0].output;
}

export function backProp(network, target, errorFunc) {
  const outputNode = network[network.length - 1][0];
  outputNode.outputDer = errorFunc.der(outputNode.output, target);
  for (let layerIdx = network.length - 1; layerIdx >= 1; layerIdx--) {
    const currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) {
      const node = currentLayer[i];
      node.inputDer = node.outputDer * node.activation.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
    }
    for (let i = 0; i < currentLayer.length; i++) {
      const node = currentLayer[i];
      for (let j = 0; j < node.inputLinks.length; j++) {
        const link = node.inputLinks[j];
        if (link.isDead) continue;
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (layerIdx === 1) continue;
    const prevLayer = network[layerIdx - 1];
    for (let i = 0; i < prevLayer.length; i++) {
      const node = prevLayer[i];
      node.outputDer = 0;
      for (let j = 0; j < node.outputs.length; j++) {
        const output = node.outputs[j];
        node.outputDer += output.weight * output.dest.inputDer;
      }
    }
  }
}

export function updateWeights(network, learningRate, regularizationRate) {
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    const currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) {
      const node = currentLayer[i];
      if (node.numAccumulatedDers > 0) {
        node.bias -= (learningRate * node.accInputDer) / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (let j = 0; j < node.inputLinks.length; j++) {
        const link = node.inputLinks[j];
        if (link.isDead) continue;
        const regulDer = link.regularization ? link.regularization.der(link.weight) : 0;
        if (link.numAccumulatedDers > 0) {
          link.weight = link.weight - (learningRate / link.numAccumulatedDers) * link.accErrorDer;
          const newLinkWeight = link.weight - learningRate * regularizationRate * regulDer;
          if (link.regularization === RegularizationFunction.L1 && link.weight * newLinkWeight < 0) {
            link.weight = 0;
            link.isDead = true;
          } else {
            link.weight = newLinkWeight;
          }
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
  }
}

// ---- playground.ts: data, one training step, the decision boundary -----------------------

/** dataset.ts classifyCircleData: half inside radius 2.5 (label 1), half in 3.5..5 (−1). */
export function classifyCircleData(numSamples, noise, random = Math.random) {
  const points = [];
  const radius = 5;
  const randUniform = (a, b) => random() * (b - a) + a;
  const dist = (a, b) => Math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2);
  const getCircleLabel = (p, center) => (dist(p, center) < radius * 0.5 ? 1 : -1);
  // The Playground's two loops, one per ring (the same draws in the same order).
  for (const [rMin, rMax] of [[0, radius * 0.5], [radius * 0.7, radius]]) {
    for (let i = 0; i < numSamples / 2; i++) {
      const r = randUniform(rMin, rMax);
      const angle = randUniform(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = randUniform(-radius, radius) * noise;
      const noiseY = randUniform(-radius, radius) * noise;
      points.push({ x, y, label: getCircleLabel({ x: x + noiseX, y: y + noiseY }, { x: 0, y: 0 }) });
    }
  }
  return points;
}

/** playground.ts constructInput with the default features (x1, x2). */
export function constructInput(x, y) {
  return [x, y];
}

/** playground.ts oneStep: one epoch over the training points. */
export function oneStep(network, trainData, learningRate, regularizationRate, batchSize) {
  trainData.forEach((point, i) => {
    const input = constructInput(point.x, point.y);
    forwardProp(network, input);
    backProp(network, point.label, Errors.SQUARE);
    if ((i + 1) % batchSize === 0) updateWeights(network, learningRate, regularizationRate);
  });
}

/** playground.ts getLoss: mean squared error (½ factor) over the points. */
export function getLoss(network, dataPoints) {
  let loss = 0;
  for (let i = 0; i < dataPoints.length; i++) {
    const p = dataPoints[i];
    const output = forwardProp(network, constructInput(p.x, p.y));
    loss += Errors.SQUARE.error(output, p.label);
  }
  return loss / dataPoints.length;
}

/**
 * The decision boundary: `density` × `density` forward passes over [−6, 6]² (the output
 * node's value only; the Playground also keeps every hidden node's for its thumbnails).
 */
export function heatmap(network, density, out = new Float32Array(density * density)) {
  const xScale = (i) => -6 + (12 * i) / (density - 1);
  for (let i = 0, k = 0; i < density; i++) {
    for (let j = 0; j < density; j++, k++) {
      out[k] = forwardProp(network, constructInput(xScale(i), xScale(j)));
    }
  }
  return out;
}

/** TensorFlow Playground's default: [2, 4, 2, 1], tanh everywhere, no regularisation. */
export function playgroundDefault(seed = 1) {
  const random = seededRandom(seed);
  return buildNetwork([2, 4, 2, 1], Activations.TANH, Activations.TANH, null, ['x1', 'x2'], false, random);
}
