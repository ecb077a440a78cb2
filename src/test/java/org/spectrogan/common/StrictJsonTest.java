package org.spectrogan.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    record Inner(Integer steps, Double rate, String name, Boolean on, List<Integer> widths) {
        Inner {
            if (steps != null && steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
        }
    }

    record Outer(Inner gan) {
    }

    private static final Path FILE = Path.of("p.json");

    private static String error(String json) {
        return assertThrows(SpectroganException.class,
                () -> StrictJson.bind(FILE, StrictJson.parse(FILE, json, "test file"), Outer.class, "")).getMessage();
    }

    @Test
    void bindsWellFormedValuesAndWidensIntegersToNumbers() {
        Outer o = StrictJson.bind(FILE, StrictJson.parse(FILE,
                "{\"gan\": {\"steps\": 5, \"rate\": 1, \"name\": \"x\", \"on\": true, \"widths\": [3, 4]}}", "test file"), Outer.class, "");
        assertEquals(new Inner(5, 1.0, "x", true, List.of(3, 4)), o.gan());
        assertEquals(new Inner(null, null, null, null, null), StrictJson.bind(FILE, StrictJson.parse(FILE, "{\"gan\": {}}", "f"), Outer.class, "").gan());
    }

    @Test
    void aStringWhereANumberIsExpectedIsAnErrorNamingTheKey() {
        String m = error("{\"gan\": {\"steps\": \"100\"}}");
        assertTrue(m.startsWith("p.json: gan.steps: expected an integer, got the string \"100\""), m);
        m = error("{\"gan\": {\"rate\": \"0.1\"}}");
        assertTrue(m.contains("gan.rate: expected a number, got the string \"0.1\""), m);
    }

    @Test
    void aFractionWhereAnIntegerIsExpectedIsAnError() {
        String m = error("{\"gan\": {\"steps\": 10.5}}");
        assertTrue(m.contains("gan.steps: expected an integer, got the number 10.5"), m);
        m = error("{\"gan\": {\"widths\": [3, 4.5]}}");
        assertTrue(m.contains("gan.widths[1]: expected an integer"), m);
    }

    @Test
    void explicitNullsAreErrorsNamingTheKey() {
        assertTrue(error("{\"gan\": {\"steps\": null}}").contains("'gan.steps' is null"));
        assertTrue(error("{\"gan\": null}").contains("'gan' is null"));
        assertTrue(error("{\"gan\": {\"widths\": [1, null]}}").contains("'gan.widths[1]' is null"));
    }

    @Test
    void otherScalarMismatchesAreErrors() {
        assertTrue(error("{\"gan\": {\"name\": 5}}").contains("gan.name: expected a string, got the integer 5"));
        assertTrue(error("{\"gan\": {\"on\": \"true\"}}").contains("gan.on: expected true or false"));
        assertTrue(error("{\"gan\": {\"on\": 1}}").contains("gan.on: expected true or false"));
        assertTrue(error("{\"gan\": 3}").contains("gan: expected an object"));
    }

    @Test
    void unknownKeysListTheKnownOnes() {
        String m = error("{\"gan\": {\"stepz\": 5}}");
        assertTrue(m.contains("unknown key 'stepz' in section 'gan' (known keys: name, on, rate, steps, widths)"), m);
    }

    @Test
    void constructorValidationKeepsItsMessageAndBadJsonNamesTheLine() {
        assertTrue(error("{\"gan\": {\"steps\": 0}}").contains("steps must be >= 1, got 0"));
        String m = assertThrows(SpectroganException.class, () -> StrictJson.parse(FILE, "{\n\"gan\": {,}}", "f")).getMessage();
        assertTrue(m.startsWith("p.json: not valid JSON") && m.contains("line 2"), m);
        m = assertThrows(SpectroganException.class, () -> StrictJson.parse(FILE, "{} {}", "f")).getMessage();
        assertTrue(m.contains("not valid JSON"), m);
    }

    @Test
    void longBadValuesAreQuotedShort() {
        String m = error("{\"gan\": {\"steps\": \"" + "9".repeat(500) + "\"}}");
        assertTrue(m.length() < 200, m);
    }
}
