package dev.tandem.nurture.service;

import dev.tandem.platform.calendar.BusinessCalendar;
import dev.tandem.platform.calendar.CalendarDefinition;
import dev.tandem.platform.calendar.HolidaySource;
import dev.tandem.platform.calendar.WeeklyHours;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a campaign may mail a lead: the campaign's weekly hours in the lead's time zone (the lead's own, else its
 * country's, else the campaign's, else Asia/Tokyo), on business days of that place — Japanese public holidays for
 * Japan (platform's calendar); elsewhere weekends only, as no other holiday list is kept. Plain Java, thread-safe.
 */
public final class SendWindow {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");
    public static final WeeklyHours DEFAULT_HOURS = WeeklyHours.weekdays("09:00-18:00");

    /** The zone of a country when the lead has none; for countries with several zones, the most populous one. */
    private static final Map<String, String> COUNTRY_ZONES = Map.ofEntries(
            Map.entry("JP", "Asia/Tokyo"), Map.entry("US", "America/New_York"), Map.entry("CA", "America/Toronto"),
            Map.entry("GB", "Europe/London"), Map.entry("IE", "Europe/Dublin"), Map.entry("DE", "Europe/Berlin"),
            Map.entry("FR", "Europe/Paris"), Map.entry("IT", "Europe/Rome"), Map.entry("ES", "Europe/Madrid"),
            Map.entry("NL", "Europe/Amsterdam"), Map.entry("CH", "Europe/Zurich"), Map.entry("SE", "Europe/Stockholm"),
            Map.entry("KR", "Asia/Seoul"), Map.entry("CN", "Asia/Shanghai"), Map.entry("TW", "Asia/Taipei"),
            Map.entry("HK", "Asia/Hong_Kong"), Map.entry("SG", "Asia/Singapore"), Map.entry("TH", "Asia/Bangkok"),
            Map.entry("VN", "Asia/Ho_Chi_Minh"), Map.entry("PH", "Asia/Manila"), Map.entry("ID", "Asia/Jakarta"),
            Map.entry("MY", "Asia/Kuala_Lumpur"), Map.entry("IN", "Asia/Kolkata"), Map.entry("AU", "Australia/Sydney"),
            Map.entry("NZ", "Pacific/Auckland"), Map.entry("BR", "America/Sao_Paulo"), Map.entry("MX", "America/Mexico_City"));

    /** Outside Japan no public holidays are known: an empty list over the calendar's whole range. */
    private static final HolidaySource NO_HOLIDAYS = new HolidaySource.Supplied(1900, 9999, List.of());

    private static final Map<Key, BusinessCalendar> CALENDARS = new ConcurrentHashMap<>();

    private record Key(ZoneId zone, boolean japan, WeeklyHours hours) {
    }

    private SendWindow() {
    }

    /** The zone used for a lead: a valid IANA lead zone, else the country's, else the campaign's, else Tokyo. */
    public static ZoneId zoneFor(String leadZone, String country, String campaignZone) {
        ZoneId zone = parse(leadZone);
        if (zone == null && country != null) {
            zone = parse(COUNTRY_ZONES.get(country.toUpperCase(Locale.ROOT)));
        }
        if (zone == null) {
            zone = parse(campaignZone);
        }
        return zone == null ? DEFAULT_ZONE : zone;
    }

    /** The first moment at or after {@code from} inside the window on a business day of the lead's place. */
    public static Instant nextOpen(Instant from, ZoneId zone, String country, WeeklyHours hours) {
        return calendar(zone, country, hours).nextOpen(from);
    }

    public static boolean isOpen(Instant at, ZoneId zone, String country, WeeklyHours hours) {
        return calendar(zone, country, hours).isOpen(at);
    }

    /** The calendar behind the window; {@code hours} null means weekdays 09:00–18:00. */
    public static BusinessCalendar calendar(ZoneId zone, String country, WeeklyHours hours) {
        WeeklyHours window = hours == null ? DEFAULT_HOURS : hours;
        boolean japan = "JP".equalsIgnoreCase(country) || (country == null && zone.getId().equals("Asia/Tokyo"));
        return CALENDARS.computeIfAbsent(new Key(zone, japan, window), key -> {
            Set<DayOfWeek> closedDays = EnumSet.allOf(DayOfWeek.class);
            closedDays.removeIf(day -> !window.on(day).isEmpty());
            return BusinessCalendar.of(CalendarDefinition.of(zone, japan ? HolidaySource.JAPAN : NO_HOLIDAYS,
                    closedDays, window));
        });
    }

    private static ZoneId parse(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            ZoneId zone = ZoneId.of(id);
            return zone instanceof ZoneOffset ? null : zone;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
