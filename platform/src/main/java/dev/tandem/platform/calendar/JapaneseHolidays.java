package dev.tandem.platform.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Japan's public holidays as the National Holiday Act (国民の祝日に関する法律) and its special laws define them, for
 * {@value #FIRST_YEAR}–{@value #LAST_YEAR}; the Cabinet Office list is the reference. Written here because jollyday
 * gets Japan wrong (no equinoxes, no 2/23, substitutes only for Culture Day).
 *
 * <p>Years from next year on follow the law as it stands: the equinox days are the standard formula's (the official
 * dates are announced each February for the following year), and a future amendment or Imperial event needs a code
 * change. The range ends where the equinox formula stops being valid; asking outside it fails.
 */
public final class JapaneseHolidays {

    public static final int FIRST_YEAR = 1980;
    public static final int LAST_YEAR = 2099;

    static final String SUBSTITUTE = "振替休日";
    static final String CITIZENS = "国民の休日";

    private static final Map<Integer, Map<LocalDate, Holiday>> BY_YEAR = new ConcurrentHashMap<>();

    private JapaneseHolidays() {
    }

    /** The holidays of a year in date order, substitute and citizens' holidays included. */
    public static List<Holiday> of(int year) {
        return List.copyOf(forYear(year).values());
    }

    public static Optional<Holiday> on(LocalDate date) {
        return Optional.ofNullable(forYear(date.getYear()).get(date));
    }

    public static boolean isHoliday(LocalDate date) {
        return forYear(date.getYear()).containsKey(date);
    }

    private static Map<LocalDate, Holiday> forYear(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException("Japanese public holidays are computed for " + FIRST_YEAR + "–"
                    + LAST_YEAR + ", not " + year);
        }
        return BY_YEAR.computeIfAbsent(year, JapaneseHolidays::compute);
    }

    private static Map<LocalDate, Holiday> compute(int year) {
        TreeMap<LocalDate, Holiday> days = new TreeMap<>();
        nationalHolidays(year).forEach(h -> days.put(h.date(), h));
        TreeMap<LocalDate, Holiday> national = new TreeMap<>(days);

        // Art. 3(2), in force since 1973: a holiday on a Sunday gives the nearest following day that is not itself
        // a national holiday (before 2007 simply the Monday, which never was one).
        for (LocalDate date : national.keySet()) {
            if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                LocalDate substitute = date.plusDays(1);
                while (national.containsKey(substitute)) {
                    substitute = substitute.plusDays(1);
                }
                days.put(substitute, new Holiday(substitute, SUBSTITUTE, "Substitute Holiday"));
            }
        }

        // Art. 3(3), since 1986: a day between two national holidays is a holiday too. Until 2006 it excluded
        // Sundays and substitute holidays; since 2007 it excludes only national holidays.
        if (year >= 1986) {
            for (LocalDate date : national.keySet()) {
                LocalDate between = date.plusDays(1);
                if (between.getYear() != year || national.containsKey(between)
                        || !national.containsKey(between.plusDays(1))) {
                    continue;
                }
                boolean excluded = days.containsKey(between)
                        || year < 2007 && between.getDayOfWeek() == DayOfWeek.SUNDAY;
                if (!excluded) {
                    days.put(between, new Holiday(between, CITIZENS, "Citizens' Holiday"));
                }
            }
        }
        return java.util.Collections.unmodifiableMap(days);
    }

    /** The national holidays (国民の祝日) proper: Art. 2 and the special laws, without Art. 3's additions. */
    private static List<Holiday> nationalHolidays(int year) {
        List<Holiday> list = new ArrayList<>(20);
        add(list, year, 1, 1, "元日", "New Year's Day");
        if (year < 2000) {
            add(list, year, 1, 15, "成人の日", "Coming of Age Day");
        } else {
            list.add(new Holiday(monday(year, Month.JANUARY, 2), "成人の日", "Coming of Age Day"));
        }
        add(list, year, 2, 11, "建国記念の日", "National Foundation Day");
        if (year >= 2020) {
            add(list, year, 2, 23, "天皇誕生日", "Emperor's Birthday");
        }
        add(list, year, 3, vernalEquinoxDay(year), "春分の日", "Vernal Equinox Day");
        if (year <= 1988) {
            add(list, year, 4, 29, "天皇誕生日", "Emperor's Birthday");
        } else if (year <= 2006) {
            add(list, year, 4, 29, "みどりの日", "Greenery Day");
        } else {
            add(list, year, 4, 29, "昭和の日", "Shōwa Day");
        }
        add(list, year, 5, 3, "憲法記念日", "Constitution Memorial Day");
        if (year >= 2007) {
            add(list, year, 5, 4, "みどりの日", "Greenery Day");
        }
        add(list, year, 5, 5, "こどもの日", "Children's Day");
        // Marine, Sports and Mountain Day moved for the Tokyo Olympics by special laws (2020, and 2021 after the
        // postponement).
        if (year == 2020) {
            add(list, year, 7, 23, "海の日", "Marine Day");
        } else if (year == 2021) {
            add(list, year, 7, 22, "海の日", "Marine Day");
        } else if (year >= 2003) {
            list.add(new Holiday(monday(year, Month.JULY, 3), "海の日", "Marine Day"));
        } else if (year >= 1996) {
            add(list, year, 7, 20, "海の日", "Marine Day");
        }
        if (year == 2020) {
            add(list, year, 8, 10, "山の日", "Mountain Day");
        } else if (year == 2021) {
            add(list, year, 8, 8, "山の日", "Mountain Day");
        } else if (year >= 2016) {
            add(list, year, 8, 11, "山の日", "Mountain Day");
        }
        if (year >= 2003) {
            list.add(new Holiday(monday(year, Month.SEPTEMBER, 3), "敬老の日", "Respect for the Aged Day"));
        } else {
            add(list, year, 9, 15, "敬老の日", "Respect for the Aged Day");
        }
        add(list, year, 9, autumnalEquinoxDay(year), "秋分の日", "Autumnal Equinox Day");
        if (year == 2020) {
            add(list, year, 7, 24, "スポーツの日", "Sports Day");
        } else if (year == 2021) {
            add(list, year, 7, 23, "スポーツの日", "Sports Day");
        } else if (year >= 2022) {
            list.add(new Holiday(monday(year, Month.OCTOBER, 2), "スポーツの日", "Sports Day"));
        } else if (year >= 2000) {
            list.add(new Holiday(monday(year, Month.OCTOBER, 2), "体育の日", "Health and Sports Day"));
        } else {
            add(list, year, 10, 10, "体育の日", "Health and Sports Day");
        }
        add(list, year, 11, 3, "文化の日", "Culture Day");
        add(list, year, 11, 23, "勤労感謝の日", "Labour Thanksgiving Day");
        if (year >= 1989 && year <= 2018) {
            add(list, year, 12, 23, "天皇誕生日", "Emperor's Birthday");
        }
        // One-off holidays by special law.
        switch (year) {
            case 1989 -> add(list, year, 2, 24, "昭和天皇の大喪の礼", "State Funeral of Emperor Shōwa");
            case 1990 -> add(list, year, 11, 12, "即位礼正殿の儀", "Enthronement Ceremony");
            case 1993 -> add(list, year, 6, 9, "皇太子徳仁親王の結婚の儀", "Wedding of Crown Prince Naruhito");
            case 2019 -> {
                // 4/30 and 5/2 follow as citizens' holidays between 4/29, 5/1 and 5/3.
                add(list, year, 5, 1, "天皇の即位の日", "Enthronement Day");
                add(list, year, 10, 22, "即位礼正殿の儀の行われる日", "Enthronement Ceremony Day");
            }
            default -> {
            }
        }
        return list;
    }

    /** Day of March of the vernal equinox: the formula used for 1980–2099 (from the astronomical ephemeris). */
    static int vernalEquinoxDay(int year) {
        return (int) Math.floor(20.8431 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4.0));
    }

    /** Day of September of the autumnal equinox, same formula family and range. */
    static int autumnalEquinoxDay(int year) {
        return (int) Math.floor(23.2488 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4.0));
    }

    private static LocalDate monday(int year, Month month, int nth) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(nth, DayOfWeek.MONDAY));
    }

    private static void add(List<Holiday> list, int year, int month, int day, String name, String englishName) {
        list.add(new Holiday(LocalDate.of(year, month, day), name, englishName));
    }
}
