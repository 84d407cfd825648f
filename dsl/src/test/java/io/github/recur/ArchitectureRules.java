package io.github.recur;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The architecture of Recur as rules over the packages under a root ({@code io.github.recur} for the
 * library, another root for the fixtures that show each rule can fail).
 *
 * <p>Layers, bottom to top: {@code internal} (raw memory, BLAS, fast math, JSON) · {@code io}
 * (safetensors files) · {@code data} · {@code text} (BLEU) · {@code decode} (greedy and beam search over
 * the decoder-step seam) · {@code layers} · {@code train} (optimizers, losses, metrics) · {@code model}
 * (the model, its trainer, the Callback hook) · {@code callbacks} (the built-in callbacks) — together
 * <b>the engine</b> — then {@code display} and {@code plot} (notebook output, charts), and the root
 * package (the {@code Recur} DSL, which offers all of it).
 */
final class ArchitectureRules {
    private ArchitectureRules() {}

    /** The engine packages: they compute and train, and know nothing of notebooks, charts or the DSL on top. */
    static final String[] ENGINE = {"internal", "io", "data", "text", "decode", "layers", "train", "model", "callbacks"};

    /** No package depends on itself through others: every package is its own slice, the root included. */
    static ArchRule noPackageCycles(String root) {
        return slices().assignedFrom(packagesUnder(root)).should().beFreeOfCycles()
                .because("packages form a one-way street");
    }

    /** Engine code imports neither XChart nor AWT, nor display, plot, kernel or the DSL facade. */
    static ArchRule engineKnowsNoDisplay(String root) {
        return noClasses().that().resideInAnyPackage(engine(root))
                .should().dependOnClassesThat().resideInAnyPackage("org.knowm.xchart..", "java.awt..", "javax.imageio..",
                        root + ".display..", root + ".plot..", root + ".kernel..")
                .orShould().dependOnClassesThat().resideInAPackage(root)
                .because("engine code knows nothing of display code or the kernel");
    }

    /** Optimizers, losses and metrics see parameters, not models, histories or callbacks. */
    static ArchRule trainSeesOnlyParameters(String root) {
        return classes().that().resideInAPackage(root + ".train..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe("in java, ND4J, train, internal or layers.Param",
                        (JavaClass c) -> c.isPrimitive() || c.isArray() || c.getPackageName().startsWith("java.")
                                || c.getPackageName().startsWith("org.nd4j.") || c.getPackageName().startsWith(root + ".train")
                                || c.getPackageName().startsWith(root + ".internal") || c.getName().equals(root + ".layers.Param")))
                .because("optimizers, losses and metrics depend only on parameters");
    }

    /** {@code internal} is internal: no public or protected member of a public class outside it mentions its types. */
    static ArchRule noInternalTypesInPublicSignatures(String root) {
        return classes().that().arePublic().and().resideOutsideOfPackage(root + ".internal..")
                .should(exposeNoTypesFrom(root + ".internal"))
                .because("internal types are free to change");
    }

    private static String[] engine(String root) {
        return Arrays.stream(ENGINE).map(p -> root + "." + p + "..").toArray(String[]::new);
    }

    private static SliceAssignment packagesUnder(String root) {
        return new SliceAssignment() {
            @Override public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                return p.equals(root) || p.startsWith(root + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
            }

            @Override public String getDescription() { return "each package under " + root; }
        };
    }

    private static ArchCondition<JavaClass> exposeNoTypesFrom(String pkg) {
        return new ArchCondition<>("expose no type of " + pkg + " in a public or protected signature") {
            @Override public void check(JavaClass c, ConditionEvents events) {
                if (!visible(c)) return;
                Set<JavaClass> supertypes = new LinkedHashSet<>();
                c.getRawSuperclass().ifPresent(supertypes::add);
                supertypes.addAll(c.getRawInterfaces());
                for (JavaClass t : supertypes) report(events, c, c.getName() + " extends or implements", t);
                for (JavaMember m : c.getMembers()) {
                    if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) continue;
                    for (JavaClass t : typesIn(m)) report(events, c, m.getFullName() + " mentions", t);
                }
            }

            private void report(ConditionEvents events, JavaClass owner, String what, JavaClass type) {
                JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                if (base.getPackageName().equals(pkg) || base.getPackageName().startsWith(pkg + ".")) {
                    events.add(SimpleConditionEvent.violated(owner, what + " " + base.getName()));
                }
            }
        };
    }

    /** A public class whose enclosing classes are public too: visible outside its package. */
    private static boolean visible(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) return false;
        }
        return true;
    }

    private static Set<JavaClass> typesIn(JavaMember m) {
        Set<JavaClass> out = new LinkedHashSet<>();
        if (m instanceof JavaField f) out.addAll(f.getType().getAllInvolvedRawTypes());
        if (m instanceof JavaCodeUnit u) {
            out.addAll(u.getReturnType().getAllInvolvedRawTypes());
            for (JavaType p : u.getParameterTypes()) out.addAll(p.getAllInvolvedRawTypes());
            u.getThrowsClause().forEach(t -> out.add(t.getRawType()));
        }
        return out;
    }
}
