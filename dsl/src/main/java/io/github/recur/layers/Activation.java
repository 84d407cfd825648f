package io.github.recur.layers;

import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Activation functions of dense layers, with their derivative written from the output. */
public enum Activation {
    LINEAR, RELU, SIGMOID, TANH, SOFTMAX;

    public static Activation parse(String name) {
        if (name == null) throw new IllegalArgumentException("activation is null; use one of linear, relu, sigmoid, tanh, softmax");
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name
                    + "'; use one of linear, relu, sigmoid, tanh, softmax");
        }
    }

    public String keras() { return name().toLowerCase(Locale.ROOT); }

    /** Applies the activation in place to rows {@code [N, C]} and returns the array. */
    INDArray apply(INDArray z) {
        switch (this) {
            case LINEAR: return z;
            case RELU: return Transforms.relu(z, false);
            case SIGMOID: return Transforms.sigmoid(z, false);
            case TANH: return Transforms.tanh(z, false);
            default:
                INDArray max = z.max(true, 1);
                z.subiColumnVector(max);
                Transforms.exp(z, false);
                return z.diviColumnVector(z.sum(true, 1));
        }
    }

    /** ∂L/∂z from ∂L/∂y and y = act(z), rows {@code [N, C]}; returns a new array. */
    INDArray backward(INDArray y, INDArray gradY) {
        switch (this) {
            case LINEAR: return gradY.dup();
            case RELU: return gradY.mul(y.gt(0).castTo(y.dataType()));
            case SIGMOID: return gradY.mul(y.rsub(1).muli(y));
            case TANH: return gradY.mul(y.mul(y).rsubi(1));
            default:
                INDArray dot = gradY.mul(y).sum(true, 1);
                return gradY.subColumnVector(dot).muli(y);
        }
    }
}
