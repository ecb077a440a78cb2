package org.spectrogan.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.common.SpectroganException;

/** The AdapterSpec builder: the same spec as JSON gives, validation naming the source and the key. */
class AdapterSpecBuilderTest {
    @Test
    void builderGivesTheSameSpecAsTheJsonFile() {
        String json = "{\"format\": \"CSV\", \"rateHz\": 128, \"channels\": [\"Fp1\", \" Fp2 \"], \"labelFrom\": "
                + "\"regex:^(\\\\w)_\", \"groupFrom\": \"regex\", \"include\": \"*.csv\", \"onUnmatched\": \"skip\"}";
        AdapterSpec parsed = AdapterSpec.parse(json, "a.json");
        AdapterSpec built = AdapterSpec.builder().optFormat("CSV").optRateHz(128.0).optChannels(List.of("Fp1", " Fp2 "))
                .optLabelFrom("regex:^(\\w)_").optGroupFrom("regex").optInclude("*.csv").optOnUnmatched("skip").build();
        assertEquals(parsed, built);
        assertEquals(parsed, parsed.toBuilder().build());
        assertEquals("csv", built.format());
        assertEquals(List.of("Fp1", "Fp2"), built.channels());
    }

    @Test
    void buildNamesTheSourceAndTheKey() {
        SpectroganException e = assertThrows(SpectroganException.class,
                () -> AdapterSpec.builder().optSource("data-adapters/x.json").optRateHz(-5.0).build());
        assertTrue(e.getMessage().startsWith("data-adapters/x.json: rateHz"), e.getMessage());
        e = assertThrows(SpectroganException.class, () -> AdapterSpec.builder().optTimeAxis("diagonal").build());
        assertTrue(e.getMessage().contains("timeAxis 'diagonal'"), e.getMessage());
    }

    @Test
    void anotherLabelSourceDropsTheRegexGroupThatReliedOnTheOldPattern() {
        AdapterSpec s = AdapterSpec.builder().optLabelFrom("regex:(a)(b)").optGroupFrom("regex").build();
        assertEquals("regex", s.groupFrom());
        assertNull(s.toBuilder().optLabelFrom("folder").build().groupFrom());
        assertEquals("regex", s.toBuilder().optLabelFrom("regex:(c)(d)").build().groupFrom());
    }
}
