package org.spectrogan;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pipeline stages depend on each other in one direction only, and DJL stays inside the gan package. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.spectrogan");

    @Test
    void stagesDependDownwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("org.spectrogan.cli..")
                .layer("augment").definedBy("org.spectrogan.augment..")
                .layer("evaluate").definedBy("org.spectrogan.evaluate..")
                .layer("gan").definedBy("org.spectrogan.gan..")
                .layer("features").definedBy("org.spectrogan.features..")
                .layer("adapters").definedBy("org.spectrogan.adapters..")
                .layer("common").definedBy("org.spectrogan.common..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("augment").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("evaluate").mayOnlyBeAccessedByLayers("augment", "cli")
                .whereLayer("gan").mayOnlyBeAccessedByLayers("augment", "cli")
                .whereLayer("features").mayOnlyBeAccessedByLayers("evaluate", "augment", "cli")
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("features", "augment", "cli")
                .check(CLASSES);
    }

    @Test
    void djlTypesStayInTheGanPackage() {
        noClasses().that().resideOutsideOfPackage("org.spectrogan.gan..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .check(CLASSES);
    }
}
