package dev.airlock.oci.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The import graph of a module's production classes (ArchUnit over the compiled classes), for the
 * one structural rule every module keeps: its packages form no cycle (issue 13). A new import that
 * closes a loop fails the module's build with the classes and members that tie it.
 */
public final class PackageGraph {
  private PackageGraph() {}

  /**
   * Fails when two packages under {@code root} (e.g. {@code dev.airlock.webhook}) import each
   * other, directly or round a loop.
   */
  public static void assertNoCycles(String root) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(root);
    if (classes.isEmpty()) {
      throw new AssertionError("no production classes found under " + root);
    }
    SlicesRuleDefinition.slices().matching(root + ".(**)").should().beFreeOfCycles().check(classes);
  }
}
