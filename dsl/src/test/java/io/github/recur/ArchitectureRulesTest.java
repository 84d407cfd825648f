package io.github.recur;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ArchitectureRules} fails on a fixture that breaks it and names the culprit. */
class ArchitectureRulesTest {
    private static final String FIXTURES = "io.github.recur.archfixture";

    private static EvaluationResult evaluate(ArchRule rule, String fixture) {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES + "." + fixture);
        assertFalse(classes.isEmpty(), "no fixture classes imported for " + fixture);
        return rule.evaluate(classes);
    }

    private static void fails(EvaluationResult r, String... mentioned) {
        assertTrue(r.hasViolation(), "expected a violation");
        String report = r.getFailureReport().toString();
        for (String m : mentioned) assertTrue(report.contains(m), "the report should mention " + m + ":\n" + report);
    }

    @Test void aCycleBetweenTwoPackagesFails() {
        fails(evaluate(ArchitectureRules.noPackageCycles(FIXTURES + ".cyclic"), "cyclic"), "cyclic.a", "cyclic.b");
    }

    @Test void aOneWayDependencyPasses() {
        assertFalse(evaluate(ArchitectureRules.noPackageCycles(FIXTURES + ".acyclic"), "acyclic").hasViolation());
    }

    @Test void engineCodeThatDrawsChartsOrCallsTheDslFails() {
        EvaluationResult r = evaluate(ArchitectureRules.engineKnowsNoDisplay(FIXTURES + ".engine"), "engine");
        fails(r, "DrawsCharts", "org.knowm.xchart", "CallsTheDsl", "engine.Dsl");
        assertFalse(r.getFailureReport().toString().contains("Shows"), "display code may draw charts");
    }

    @Test void anInternalTypeInAPublicSignatureFailsAndOnlyThere() {
        EvaluationResult r = evaluate(ArchitectureRules.noInternalTypesInPublicSignatures(FIXTURES + ".exposed"), "exposed");
        fails(r, "Leaky.raw()", "exposed.internal.Raw");
        assertFalse(r.getFailureReport().toString().contains("Tight"), "package-private uses are fine");
    }

    @Test void anOptimizerThatSeesTheModelFails() {
        EvaluationResult r = evaluate(ArchitectureRules.trainSeesOnlyParameters(FIXTURES + ".trainer"), "trainer");
        fails(r, "Cheat", "trainer.model.Model");
        assertFalse(r.getFailureReport().toString().contains("Sgd"), "parameters are allowed");
    }
}
