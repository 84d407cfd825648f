package io.github.recur.train;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.layers.Param;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reference values come from dsl/src/test/resources/torch_reference_train.py (PyTorch 1.13, float64):
 * parameters w = W0 (decay) and b = B0 (no decay), fixed gradients GW[k], GB[k] for steps k = 0..2,
 * then {@code opt.step()} three times; its output is committed next to it as torch_reference_train.txt.
 */
class OptimizersTest {
    static final double[] W0 = {0.5, -0.3, 0.8, 0.1, -0.7, 0.25};
    static final double[] B0 = {0.2, -0.4};
    static final double[][] GW = {{0.1, -0.2, 0.3, 0.05, 0.4, -0.6}, {-0.3, 0.1, 0.2, 0.7, -0.1, 0.05}, {0.25, 0.15, -0.35, -0.2, 0.3, 0.1}};
    static final double[][] GB = {{0.5, -0.1}, {-0.2, 0.4}, {0.3, 0.3}};

    static List<Param> params() {
        return List.of(new Param("0.weight", Nd4j.createFromArray(W0).reshape(2, 3), true),
                new Param("0.bias", Nd4j.createFromArray(B0), false));
    }

    /** Runs {@code steps} steps with the fixed gradients; returns the norms step() returned. */
    static double[] run(Optimizer opt, List<Param> ps, int from, int to) {
        double[] norms = new double[to - from];
        for (int k = from; k < to; k++) {
            ps.get(0).grad().assign(Nd4j.createFromArray(GW[k]).reshape(2, 3));
            ps.get(1).grad().assign(Nd4j.createFromArray(GB[k]));
            norms[k - from] = opt.step(ps);
        }
        return norms;
    }

    static void assertAfterThreeSteps(Optimizer opt, double[] w, double[] b) {
        List<Param> ps = params();
        run(opt, ps, 0, 3);
        assertArrayEquals(w, ps.get(0).value().reshape(6).toDoubleVector(), 1e-12, opt.describe() + " weight");
        assertArrayEquals(b, ps.get(1).value().toDoubleVector(), 1e-12, opt.describe() + " bias");
    }

    @Test
    void sgdMatchesPyTorchAfterThreeSteps() {
        // torch.optim.SGD([w, b], lr=0.1)
        assertAfterThreeSteps(new Sgd(0.1),
                new double[] {0.495, -0.305, 0.785, 0.045000000000000005, -0.76, 0.295}, new double[] {0.14, -0.46});
    }

    @Test
    void sgdMomentumMatchesPyTorchAfterThreeSteps() {
        // torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
        assertAfterThreeSteps(new Sgd(0.1).momentum(0.9),
                new double[] {0.5049, -0.27979999999999994, 0.7157, -0.026550000000000004, -0.8194, 0.3931},
                new double[] {0.07250000000000002, -0.47890000000000005});
    }

    @Test
    void sgdNesterovMatchesPyTorchAfterThreeSteps() {
        // torch.optim.SGD([w, b], lr=0.1, momentum=0.9, nesterov=True)
        assertAfterThreeSteps(new Sgd(0.1).momentum(0.9).nesterov(),
                new double[] {0.4994099999999999, -0.28682, 0.7091299999999999, -0.068895, -0.8674599999999999, 0.42379},
                new double[] {0.025249999999999995, -0.53101});
    }

    @Test
    void adamMatchesPyTorchAfterThreeSteps() {
        // torch.optim.Adam([w, b], lr=0.01)
        assertAfterThreeSteps(new Adam(0.01),
                new double[] {0.4939749039191201, -0.28918832476121714, 0.7793680358699707, 0.07797962000931827, -0.7213889689931061, 0.26963175412058726},
                new double[] {0.18109953836811557, -0.4028513553778632});
    }

    @Test
    void adamOnFloatParametersMatchesPyTorchToFloatPrecision() {
        // Same reference as above; FLOAT parameters take Adam's float[] path (vectorised loops).
        List<Param> ps = List.of(new Param("0.weight", Nd4j.createFromArray(W0).reshape(2, 3).castTo(DataType.FLOAT), true),
                new Param("0.bias", Nd4j.createFromArray(B0).castTo(DataType.FLOAT), false));
        Adam adam = new Adam(0.01).betas(0.8, 0.9).eps(1e-6);
        run(adam, ps, 0, 3);
        assertEquals(DataType.FLOAT, ps.get(0).value().dataType());
        Adam reference = new Adam(0.01).betas(0.8, 0.9).eps(1e-6);
        List<Param> exact = params();
        run(reference, exact, 0, 3);
        assertArrayEquals(exact.get(0).value().reshape(6).toDoubleVector(), ps.get(0).value().reshape(6).toDoubleVector(), 1e-6, "weight");
        assertArrayEquals(exact.get(1).value().toDoubleVector(), ps.get(1).value().toDoubleVector(), 1e-6, "bias");
        assertNotEquals(W0[0], ps.get(0).value().getDouble(0), 1e-3, "the float path moved the weights");
    }

    @Test
    void adamWithBetasAndEpsMatchesPyTorchAfterThreeSteps() {
        // torch.optim.Adam([w, b], lr=0.01, betas=(0.8, 0.9), eps=1e-6)
        assertAfterThreeSteps(new Adam(0.01).betas(0.8, 0.9).eps(1e-6),
                new double[] {0.4940722018047019, -0.29058011785685195, 0.7802855790527037, 0.07811799084848604, -0.7210098126160697, 0.26874917727461395},
                new double[] {0.18161004476546308, -0.40358475461155285});
    }

    @Test
    void rmsPropMatchesPyTorchAfterThreeSteps() {
        // torch.optim.RMSprop([w, b], lr=0.01)
        assertAfterThreeSteps(new RmsProp(0.01),
                new double[] {0.4326877338618019, -0.3009574005632043, 0.714293780904092, -0.0722123671544591, -0.8348414228224526, 0.3251088227787632},
                new double[] {0.08828590524150769, -0.45608230992431154});
    }

    @Test
    void centeredRmsPropWithMomentumMatchesPyTorchAfterThreeSteps() {
        // torch.optim.RMSprop([w, b], lr=0.01, alpha=0.9, momentum=0.5, centered=True)
        assertAfterThreeSteps(new RmsProp(0.01).alpha(0.9).momentum(0.5).centered(),
                new double[] {0.4676062844132107, -0.28279307987559943, 0.7345367623554769, 0.000739939151926552, -0.7671803524465696, 0.29817122755072467},
                new double[] {0.14302325851114137, -0.40996404683898763});
    }

    @Test
    void adagradMatchesPyTorchAfterThreeSteps() {
        // torch.optim.Adagrad([w, b], lr=0.1)
        assertAfterThreeSteps(new Adagrad(0.1),
                new double[] {0.4328509625958317, -0.30042996101242164, 0.714182583727033, -0.0723383213795149, -0.8345812780071657, 0.3253108135916423},
                new double[] {0.0884726413171798, -0.4558490906209205});
    }

    @Test
    void weightDecayAppliesOnlyToDecayParamsLikePyTorchParamGroups() {
        // torch.optim.Adam([{"params": [w], "weight_decay": 0.1}, {"params": [b], "weight_decay": 0.0}], lr=0.01)
        assertAfterThreeSteps(new Adam(0.01).weightDecay(0.1),
                new double[] {0.4899760390639778, -0.2857705076977637, 0.7768246502539584, 0.0777282598822844, -0.7175350857740198, 0.2685837973020842},
                new double[] {0.18109953836811557, -0.4028513553778632});
        // torch.optim.SGD(same groups, lr=0.1, momentum=0.9)
        assertAfterThreeSteps(new Sgd(0.1).momentum(0.9).weightDecay(0.1),
                new double[] {0.4771685, -0.2637717, 0.6725402, -0.031222600000000003, -0.7790493, 0.37697075},
                new double[] {0.07250000000000002, -0.47890000000000005});
    }

    @Test
    void clipNormMatchesClipGradNormAndReturnsUnclippedNorm() {
        // torch.nn.utils.clip_grad_norm_([w, b], 0.5) before each torch.optim.SGD([w, b], lr=0.1).step()
        Optimizer opt = new Sgd(0.1).clipNorm(0.5);
        List<Param> ps = params();
        double[] norms = run(opt, ps, 0, 3);
        assertArrayEquals(new double[] {0.9604686356149273, 0.917877987534291, 0.7262919523166975}, norms, 1e-12);
        assertArrayEquals(new double[] {0.4939255508001574, -0.30536217953083966, 0.7975829182300946, 0.07303426733144035, -0.7360286286879686, 0.27162677484171627},
                ps.get(0).value().reshape(6).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0.16421292584144306, -0.43723640133502784}, ps.get(1).value().toDoubleVector(), 1e-12);
        // After clipping, the gradients left in the params have global norm 0.5 (within torch's 1e-6 guard).
        double clipped = Math.sqrt(Math.pow(ps.get(0).grad().norm2Number().doubleValue(), 2) + Math.pow(ps.get(1).grad().norm2Number().doubleValue(), 2));
        assertEquals(0.5, clipped, 1e-6);
    }

    @Test
    void clipNormLeavesSmallGradientsAlone() {
        List<Param> ps = params();
        double norm = run(new Sgd(0.1).clipNorm(10), ps, 0, 1)[0];
        assertEquals(0.9604686356149273, norm, 1e-12);
        assertArrayEquals(new double[] {0.49, -0.28, 0.77, 0.095, -0.74, 0.31}, ps.get(0).value().reshape(6).toDoubleVector(), 1e-12);
    }

    @Test
    void clipValueMatchesClipGradValue() {
        // torch.nn.utils.clip_grad_value_([w, b], 0.15) before each SGD(lr=0.1) step
        assertAfterThreeSteps(new Sgd(0.1).clipValue(0.15),
                new double[] {0.49, -0.31, 0.785, 0.095, -0.72, 0.25}, new double[] {0.185, -0.42000000000000004});
    }

    @Test
    void configMethodsReturnNewOptimizersAndLeaveTheOriginalUnchanged() {
        Adam base = new Adam(0.01);
        Adam clipped = base.clipNorm(1.0);
        Adam decayed = clipped.weightDecay(1e-4).betas(0.8, 0.9);
        assertNotSame(base, clipped);
        assertEquals(0.0, base.clipNorm());
        assertEquals(1.0, clipped.clipNorm());
        assertEquals(0.0, clipped.weightDecay());
        assertEquals(0.9, clipped.beta1());
        assertEquals(1.0, decayed.clipNorm());
        assertEquals(1e-4, decayed.weightDecay());
        assertEquals(0.8, decayed.beta1());
        Sgd sgd = new Sgd(0.1);
        Sgd mom = sgd.momentum(0.9);
        assertEquals(0.0, sgd.momentum());
        assertEquals(0.9, mom.momentum());
        // A config method gives fresh state: stepping the copy does not touch the original's moments.
        List<Param> ps = params();
        run(clipped, ps, 0, 1);
        assertTrue(base.state().isEmpty());
        assertEquals(6, clipped.state().size(), "exp_avg, exp_avg_sq, step per param: " + clipped.state().keySet());
    }

    @Test
    void hyperparametersAreValidatedImmediatelyWithClearMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
        assertEquals("adam: learning rate must be > 0, got -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).betas(1.0, 0.999));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).eps(0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).momentum(-0.1));
        var nes = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).nesterov());
        assertTrue(nes.getMessage().contains("momentum(m) first"), nes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.1).alpha(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(0.1).clipNorm(0));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(0.1).clipValue(-1));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(0.1).weightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).learningRate(-0.5));
    }

    @Test
    void learningRateChangesInPlaceAndTakesEffectOnTheNextStep() {
        Sgd opt = new Sgd(0.1);
        opt.learningRate(0.0);
        assertEquals(0.0, opt.learningRate());
        List<Param> ps = params();
        run(opt, ps, 0, 1);
        assertArrayEquals(W0, ps.get(0).value().reshape(6).toDoubleVector(), 0.0);
        opt.learningRate(1.0);
        run(opt, ps, 0, 1);
        assertEquals(0.5 - 0.1, ps.get(0).value().getDouble(0, 0), 1e-12);
    }

    @Test
    void configRebuildsEveryOptimizerType() {
        List<Supplier<BaseOptimizer<?>>> all = List.of(
                () -> new Sgd(0.1).momentum(0.9).nesterov().clipNorm(2).weightDecay(0.01),
                () -> new Adam(0.003).betas(0.8, 0.95).eps(1e-7).clipValue(0.5),
                () -> new RmsProp(0.01).alpha(0.9).momentum(0.3).centered(),
                () -> new Adagrad(0.05).initialAccumulator(0.1).eps(1e-9));
        for (var make : all) {
            BaseOptimizer<?> original = make.get();
            Optimizer rebuilt = Optimizers.fromConfig(original.config());
            assertEquals(original.getClass(), rebuilt.getClass());
            assertEquals(original.config(), rebuilt.config());
            assertEquals(original.describe(), rebuilt.describe());
            // Same config => same updates.
            List<Param> a = params();
            List<Param> b = params();
            run(original, a, 0, 3);
            run(rebuilt, b, 0, 3);
            assertArrayEquals(a.get(0).value().reshape(6).toDoubleVector(), b.get(0).value().reshape(6).toDoubleVector(), 0.0);
        }
        // Numbers may come back from JSON as integers.
        Map<String, Object> json = new HashMap<>(Map.of("type", "sgd", "lr", 1, "momentum", 0));
        assertEquals(1.0, Optimizers.fromConfig(json).learningRate());
        var unknown = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("type", "adamw", "lr", 0.1)));
        assertTrue(unknown.getMessage().contains("adamw") && unknown.getMessage().contains("adam"), unknown.getMessage());
        var typo = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("type", "adam", "lr", 0.1, "beta_1", 0.9)));
        assertTrue(typo.getMessage().contains("beta_1"), typo.getMessage());
    }

    @Test
    void stateRoundTripContinuesExactlyWhereItLeftOff() {
        for (Supplier<BaseOptimizer<?>> make : List.<Supplier<BaseOptimizer<?>>>of(
                () -> new Adam(0.01), () -> new Sgd(0.1).momentum(0.9), () -> new RmsProp(0.01).centered().momentum(0.5), () -> new Adagrad(0.1))) {
            BaseOptimizer<?> straight = make.get();
            List<Param> a = params();
            run(straight, a, 0, 3);

            BaseOptimizer<?> first = make.get();
            List<Param> b = params();
            run(first, b, 0, 2);
            Map<String, INDArray> saved = first.state();
            BaseOptimizer<?> resumed = make.get();
            resumed.loadState(saved);
            run(resumed, b, 2, 3);
            assertArrayEquals(a.get(0).value().reshape(6).toDoubleVector(), b.get(0).value().reshape(6).toDoubleVector(), 1e-15, straight.describe());
            assertArrayEquals(a.get(1).value().toDoubleVector(), b.get(1).value().toDoubleVector(), 1e-15, straight.describe());
        }
        Map<String, INDArray> adamState = stepped(new Adam(0.01), 2).state();
        assertEquals(Map.of("0.weight.exp_avg", 1, "0.weight.exp_avg_sq", 1, "0.weight.step", 1,
                "0.bias.exp_avg", 1, "0.bias.exp_avg_sq", 1, "0.bias.step", 1).keySet(), adamState.keySet());
        assertEquals(2L, adamState.get("0.weight.step").getLong(0));
        assertEquals(1, adamState.get("0.weight.step").length());
        var bad = assertThrows(IllegalArgumentException.class, () -> new Adam(0.01).loadState(Map.of("0.weight.momentum_buffer", Nd4j.zeros(2, 3))));
        assertTrue(bad.getMessage().contains("0.weight.momentum_buffer"), bad.getMessage());
        Adam wrongShape = new Adam(0.01);
        wrongShape.loadState(Map.of("0.weight.exp_avg", Nd4j.zeros(DataType.DOUBLE, 3, 2)));
        var shape = assertThrows(IllegalStateException.class, () -> run(wrongShape, params(), 0, 1));
        assertTrue(shape.getMessage().contains("[3, 2]") && shape.getMessage().contains("[2, 3]"), shape.getMessage());
    }

    @Test
    void floatParametersAreUpdatedInFloat() {
        Param w = new Param("w", Nd4j.createFromArray(W0).castTo(DataType.FLOAT), true);
        w.grad().assign(Nd4j.createFromArray(GW[0]));
        new Adam(0.01).step(List.of(w));
        assertEquals(DataType.FLOAT, w.value().dataType());
        // First Adam step moves each weight by lr * sign(g) (up to eps).
        assertEquals(0.5 - 0.01, w.value().getDouble(0), 1e-6);
    }

    @Test
    void describeShowsTypeLearningRateAndNonDefaults() {
        assertEquals("Adam(lr=0.001, clipNorm=1)", new Adam(1e-3).clipNorm(1.0).describe());
        assertEquals("Sgd(lr=0.1, momentum=0.9, nesterov)", new Sgd(0.1).momentum(0.9).nesterov().describe());
        assertEquals("RmsProp(lr=0.01, alpha=0.9, weightDecay=0.0001)", new RmsProp(0.01).alpha(0.9).weightDecay(1e-4).describe());
    }

    static <T extends Optimizer> T stepped(T opt, int steps) {
        run(opt, params(), 0, steps);
        return opt;
    }
}
