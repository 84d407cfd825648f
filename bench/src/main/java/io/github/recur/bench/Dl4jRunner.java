package io.github.recur.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J's equivalent: {@code LastTimeStep(LSTM|SimpleRnn)} + {@code OutputLayer(MSE, identity)}, Adam,
 * float, DL4J's own NCW layout [batch, features, time] (converted once, outside the timing).
 * Generation uses {@code rnnTimeStep} on {@code LSTM} + {@code RnnOutputLayer} (DL4J's stateful path).
 * DL4J has no GRU layer.
 */
final class Dl4jRunner implements Runner {
    private final Workload w;
    private final MultiLayerNetwork net;
    private final INDArray x, y, xt;
    private double last;

    static boolean supports(String cell) { return !cell.equals("gru"); }

    Dl4jRunner(Workload w) {
        this.w = w;
        org.deeplearning4j.nn.conf.layers.Layer rnn = switch (w.cell()) {
            case "lstm" -> new LSTM.Builder().nIn(w.inputs()).nOut(w.hidden()).activation(Activation.TANH).build();
            case "rnn" -> new SimpleRnn.Builder().nIn(w.inputs()).nOut(w.hidden()).activation(Activation.TANH).build();
            default -> throw new IllegalArgumentException("DL4J has no " + w.cell() + " layer");
        };
        boolean gen = w.mode().equals("gen");
        var list = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER)
                .list();
        MultiLayerConfiguration conf = gen
                ? list.layer(rnn)
                        .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                                .nIn(w.hidden()).nOut(1).build())
                        .build()
                : list.layer(new LastTimeStep(rnn))
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                                .nIn(w.hidden()).nOut(1).build())
                        .build();
        net = new MultiLayerNetwork(conf);
        net.init();
        INDArray btf = Nd4j.create(Data.inputs(w, 7), new long[] {w.batch(), w.steps(), w.inputs()}, 'c');
        x = btf.permute(0, 2, 1).dup('c');                       // [B, I, T]
        y = Nd4j.create(Data.targets(w, 7), new long[] {w.batch(), 1}, 'c');
        xt = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup('c'); // [B, I, 1]
    }

    @Override public String framework() { return "dl4j"; }

    @Override public double time() {
        long t0 = System.nanoTime();
        switch (w.mode()) {
            case "train" -> { for (int i = 0; i < w.repeats(); i++) { net.fit(x, y); last = net.score(); } }
            case "infer" -> { for (int i = 0; i < w.repeats(); i++) last = net.output(x).getDouble(0); }
            case "gen" -> {
                net.rnnClearPreviousState();
                INDArray out = null;
                for (int s = 0; s < Workload.GEN_STEPS; s++) out = net.rnnTimeStep(xt);
                last = out.getDouble(0);
            }
            default -> throw new IllegalArgumentException(w.mode());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override public double check() { return last; }

    MultiLayerNetwork network() { return net; }
}
