package org.spectrogan.adapters;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * One entry of a table adapter's {@code table.transforms}: a function applied to the values of some feature
 * columns as the rows are read (before any feature kind, GAN or classifier sees them).
 *
 * <ul>
 *   <li>{@code columns}: feature column names or globs ({@code *_delta}), after {@code columnNames}; each must
 *       match at least one column, and a column may be in one transform only.</li>
 *   <li>{@code kind} {@code log}: {@code ln(x + offset)} ({@code offset} >= 0, default 0), for columns of raw
 *       powers or other positive, right-skewed values; a value with {@code x + offset <= 0} is an error.</li>
 *   <li>{@code kind} {@code removeLogOffset}: the column holds {@code ln(p + offset)} (a log power computed with a
 *       small offset, {@code offset} > 0 required, in the units of p); the result is {@code ln p =
 *       ln(exp(x) - offset)}. When p is far below the offset, {@code ln(p + offset)} is nearly linear in p and
 *       squeezed against {@code ln(offset)}; this undoes that. A value at or below {@code ln(offset)} is an
 *       error (it is not the log of a positive power plus the offset).</li>
 * </ul>
 * The result is computed in double precision from the value as read (float32) and stored as float32.
 *
 * @param columns the columns (names or globs)
 * @param kind    {@code log} or {@code removeLogOffset}
 * @param offset  the offset, in the units of the column's power (see the kinds)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnTransform(
        @JsonProperty("columns") List<String> columns,
        @JsonProperty("kind") String kind,
        @JsonProperty("offset") Double offset) {

    /** The kinds, as written in the adapter. */
    public static final List<String> KINDS = List.of("log", "removeLogOffset");

    public ColumnTransform {
        if (columns == null || columns.isEmpty() || columns.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new IllegalArgumentException("table.transforms: every transform needs \"columns\" (names or globs, none blank)");
        }
        columns = columns.stream().map(String::trim).toList();
        if (kind == null || !KINDS.contains(kind.trim())) {
            throw new IllegalArgumentException("table.transforms: kind '" + kind + "' is not one of " + String.join(", ", KINDS));
        }
        kind = kind.trim();
        if (offset != null && (!Double.isFinite(offset) || offset < 0)) {
            throw new IllegalArgumentException("table.transforms: offset must be a finite number >= 0, got " + offset);
        }
        if (kind.equals("removeLogOffset") && (offset == null || offset <= 0)) {
            throw new IllegalArgumentException("table.transforms: kind removeLogOffset needs \"offset\" > 0 (the offset added"
                    + " to the power before the log, e.g. 1e-10), got " + offset);
        }
    }

    /** The offset, 0 when unset. */
    public double effectiveOffset() {
        return offset == null ? 0 : offset;
    }

    /** The transformed value, or NaN when {@code x} is outside the kind's domain (see {@link #domain()}). */
    public double apply(double x) {
        double c = effectiveOffset();
        double inner = kind.equals("log") ? x + c : Math.exp(x) - c;
        return inner > 0 && Double.isFinite(inner) ? Math.log(inner) : Double.NaN;
    }

    /** The values the kind accepts, for messages. */
    public String domain() {
        double c = effectiveOffset();
        return kind.equals("log")
                ? String.format(Locale.ROOT, "log needs x + offset > 0, i.e. x > %.6g", -c)
                : String.format(Locale.ROOT, "removeLogOffset needs x > ln(offset) = %.7g", Math.log(c));
    }
}
