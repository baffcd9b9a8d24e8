namespace Egov.Calendar;

/// <summary>
/// The few astronomical quantities the lunisolar calendar needs, from Jean Meeus,
/// "Astronomical Algorithms" (2nd ed., 1998). All instants are Julian Days; "Ut" means
/// Universal Time, "Tt" (JDE) means Terrestrial (dynamical) Time.
/// </summary>
internal static class Astronomy
{
    private const double Deg = Math.PI / 180.0;

    /// <summary>Mean synodic month in days (Meeus eq. 49.1).</summary>
    public const double SynodicMonth = 29.530588861;

    /// <summary>JDE of the mean new moon with k = 0 (2000-01-06), Meeus eq. 49.1.</summary>
    public const double NewMoonEpoch = 2451550.09766;

    private static double Sin(double degrees) => Math.Sin(degrees * Deg);

    /// <summary>
    /// Instant (JD, UT) of the true new moon with lunation number <paramref name="k"/>
    /// (k = 0 is the new moon of 2000-01-06). Mean phase plus the periodic and additional
    /// corrections of Meeus chapter 49; accurate to well under a minute.
    /// </summary>
    public static double NewMoonUt(int k)
    {
        double t = k / 1236.85;
        double t2 = t * t, t3 = t2 * t, t4 = t3 * t;

        double jde = NewMoonEpoch + SynodicMonth * k
            + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;

        double e = 1 - 0.002516 * t - 0.0000074 * t2;
        double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
        double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
        double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
        double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;

        double c =
            -0.40720 * Sin(mp)
            + 0.17241 * e * Sin(m)
            + 0.01608 * Sin(2 * mp)
            + 0.01039 * Sin(2 * f)
            + 0.00739 * e * Sin(mp - m)
            - 0.00514 * e * Sin(mp + m)
            + 0.00208 * e * e * Sin(2 * m)
            - 0.00111 * Sin(mp - 2 * f)
            - 0.00057 * Sin(mp + 2 * f)
            + 0.00056 * e * Sin(2 * mp + m)
            - 0.00042 * Sin(3 * mp)
            + 0.00042 * e * Sin(m + 2 * f)
            + 0.00038 * e * Sin(m - 2 * f)
            - 0.00024 * e * Sin(2 * mp - m)
            - 0.00017 * Sin(om)
            - 0.00007 * Sin(mp + 2 * m)
            + 0.00004 * Sin(2 * mp - 2 * f)
            + 0.00004 * Sin(3 * m)
            + 0.00003 * Sin(mp + m - 2 * f)
            + 0.00003 * Sin(2 * mp + 2 * f)
            - 0.00003 * Sin(mp + m + 2 * f)
            + 0.00003 * Sin(mp - m + 2 * f)
            - 0.00002 * Sin(mp - m - 2 * f)
            - 0.00002 * Sin(3 * mp + m)
            + 0.00002 * Sin(4 * mp);

        // Additional corrections (planetary arguments), Meeus ch. 49.
        double a =
            0.000325 * Sin(299.77 + 0.107408 * k - 0.009173 * t2)
            + 0.000165 * Sin(251.88 + 0.016321 * k)
            + 0.000164 * Sin(251.83 + 26.651886 * k)
            + 0.000126 * Sin(349.42 + 36.412478 * k)
            + 0.000110 * Sin(84.66 + 18.206239 * k)
            + 0.000062 * Sin(141.74 + 53.303771 * k)
            + 0.000060 * Sin(207.14 + 2.453732 * k)
            + 0.000056 * Sin(154.84 + 7.306860 * k)
            + 0.000047 * Sin(34.52 + 27.261239 * k)
            + 0.000042 * Sin(207.19 + 0.121824 * k)
            + 0.000040 * Sin(291.34 + 1.844379 * k)
            + 0.000037 * Sin(161.72 + 24.198154 * k)
            + 0.000035 * Sin(239.56 + 25.513099 * k)
            + 0.000023 * Sin(331.55 + 3.592518 * k);

        jde += c + a;
        return jde - DeltaTSeconds(jde) / 86400.0;
    }

    /// <summary>
    /// Apparent geocentric longitude of the sun in degrees [0, 360) at the instant
    /// <paramref name="jdUt"/> (UT). Low-precision method of Meeus chapter 25 (about 0.01°).
    /// </summary>
    public static double SunApparentLongitude(double jdUt)
    {
        double jde = jdUt + DeltaTSeconds(jdUt) / 86400.0;
        double t = (jde - 2451545.0) / 36525.0;
        double t2 = t * t;
        double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t2;
        double m = 357.52911 + 35999.05029 * t - 0.0001537 * t2;
        double c = (1.914602 - 0.004817 * t - 0.000014 * t2) * Sin(m)
            + (0.019993 - 0.000101 * t) * Sin(2 * m)
            + 0.000289 * Sin(3 * m);
        double omega = 125.04 - 1934.136 * t;
        double lambda = l0 + c - 0.00569 - 0.00478 * Sin(omega);
        lambda %= 360.0;
        return lambda < 0 ? lambda + 360.0 : lambda;
    }

    /// <summary>
    /// Instant (JD, UT) when the sun's apparent longitude reaches <paramref name="degrees"/>,
    /// searched near <paramref name="jdGuessUt"/> (within a few weeks). Uses the correction
    /// step of Meeus chapter 27: JD += 58 sin(target - λ).
    /// </summary>
    public static double SunReachesLongitude(double degrees, double jdGuessUt)
    {
        double jd = jdGuessUt;
        for (int i = 0; i < 50; i++)
        {
            double step = 58.0 * Sin(degrees - SunApparentLongitude(jd));
            jd += step;
            if (Math.Abs(step) < 1e-7) break;
        }
        return jd;
    }

    /// <summary>
    /// ΔT = TT − UT in seconds: the polynomial expressions of Espenak and Meeus
    /// (NASA Five Millennium Canon of Solar Eclipses) for 1860–2200 and beyond.
    /// </summary>
    public static double DeltaTSeconds(double jd)
    {
        double y = 2000.0 + (jd - 2451544.5) / 365.2425;
        double t;
        if (y < 1860)
        {
            t = y - 1800;
            return 13.72 - 0.332447 * t + 0.0068612 * t * t + 0.0041116 * t * t * t
                - 0.00037436 * Math.Pow(t, 4) + 0.0000121272 * Math.Pow(t, 5)
                - 0.0000001699 * Math.Pow(t, 6) + 0.000000000875 * Math.Pow(t, 7);
        }
        if (y < 1900)
        {
            t = y - 1860;
            return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t
                - 0.0004473624 * Math.Pow(t, 4) + Math.Pow(t, 5) / 233174.0;
        }
        if (y < 1920)
        {
            t = y - 1900;
            return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * Math.Pow(t, 4);
        }
        if (y < 1941)
        {
            t = y - 1920;
            return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
        }
        if (y < 1961)
        {
            t = y - 1950;
            return 29.07 + 0.407 * t - t * t / 233.0 + t * t * t / 2547.0;
        }
        if (y < 1986)
        {
            t = y - 1975;
            return 45.45 + 1.067 * t - t * t / 260.0 - t * t * t / 718.0;
        }
        if (y < 2005)
        {
            t = y - 2000;
            return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t
                + 0.000651814 * Math.Pow(t, 4) + 0.00002373599 * Math.Pow(t, 5);
        }
        if (y < 2050)
        {
            t = y - 2000;
            return 62.92 + 0.32217 * t + 0.005589 * t * t;
        }
        double u = (y - 1820) / 100.0;
        if (y < 2150)
            return -20 + 32 * u * u - 0.5628 * (2150 - y);
        return -20 + 32 * u * u;
    }
}
