package io.github.recur.kernel.docs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SignaturesTest {
    @Test
    void aMethodSignatureGivesOwnerMemberAndSimpleParameterTypes() {
        Signatures.Parsed p = Signatures.parse("Model Recur.sequential(io.github.recur.layers.Layer... layers)");
        assertEquals("Recur", p.owner());
        assertEquals("sequential", p.member());
        assertEquals(List.of("Layer..."), p.parameters());
        Signatures.Parsed g = Signatures.parse("java.util.Map<java.lang.String, java.lang.Double> Model.evaluate(org.nd4j.linalg.api.ndarray.INDArray x, java.util.List<double[]> y)");
        assertEquals("Model", g.owner());
        assertEquals(List.of("INDArray", "List"), g.parameters());
    }

    @Test
    void aTypeAndAFieldAreToldApart() {
        Signatures.Parsed type = Signatures.parse("java.lang.String");
        assertEquals("java.lang.String", type.owner());
        assertNull(type.member());
        Signatures.Parsed field = Signatures.parse("int Integer.MAX_VALUE");
        assertEquals("Integer", field.owner());
        assertEquals("MAX_VALUE", field.member());
        assertNull(field.parameters());
    }

    @Test
    void simpleTypesDropPackagesAndGenericsButKeepArrays() {
        assertEquals("double[]", Signatures.simpleType("double[]"));
        assertEquals("Map", Signatures.simpleType("java.util.Map<String, List<Integer>>"));
        assertEquals("Layer...", Signatures.simpleType("io.github.recur.layers.Layer..."));
    }
}
