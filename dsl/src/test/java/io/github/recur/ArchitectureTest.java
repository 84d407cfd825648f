package io.github.recur;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The library's packages against {@link ArchitectureRules} (main classes only). */
@AnalyzeClasses(packages = "io.github.recur", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String ROOT = "io.github.recur";

    @ArchTest static final ArchRule packagesFormNoCycle = ArchitectureRules.noPackageCycles(ROOT);
    @ArchTest static final ArchRule engineImportsNoDisplayNoChartsNoKernel = ArchitectureRules.engineKnowsNoDisplay(ROOT);
    @ArchTest static final ArchRule optimizersLossesAndMetricsSeeOnlyParameters = ArchitectureRules.trainSeesOnlyParameters(ROOT);
    @ArchTest static final ArchRule noInternalTypeInAPublicSignature = ArchitectureRules.noInternalTypesInPublicSignatures(ROOT);
}
