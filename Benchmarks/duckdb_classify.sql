-- Reference implementation of `giamngheo classify --standard ND07-2022` in DuckDB SQL (BENCHMARKS.md).
--
-- Reads households.csv + members.csv (data-format.md, English headers) and writes classification.csv
-- with the 12 columns of the CLI: household_code, standard, class, deprivation_count, deprived, unknown,
-- explanation, basis, monthly_income_per_capita, income_score, low_income_workers, warnings.
-- Rules: standards.md §2 (rule `both`, B1 score cut-offs 140/175 decide when present), §4 (12 indicators,
-- thresholds of Sources/PovertyStandard/Resources/Standards/ND07-2022.json), §6 (three-valued facts: SQL
-- NULL is "unknown", and SQL's AND/OR/NOT on NULL are exactly the Kleene logic the engine uses).
-- The explanation replicates Standard.explanation(for:) for a rule-`both` standard with score cut-offs.
-- Not done here (the CLI does it): input validation (codes, national ids, one head per household, dates
-- that do not exist…), Vietnamese headers, local standards. Placeholders ${…} are filled by duckdb_classify.py.

-- Booleans of data-format.md: 1/0, yes/no, true/false, có/không, x; blank = unknown.
CREATE OR REPLACE TEMP MACRO tri(x) AS CASE
    WHEN x IS NULL THEN NULL WHEN x = '1' THEN true WHEN x = '0' THEN false
    ELSE CASE lower(strip_accents(trim(x)))
        WHEN '1' THEN true WHEN 'yes' THEN true WHEN 'true' THEN true WHEN 'co' THEN true WHEN 'x' THEN true
        WHEN '0' THEN false WHEN 'no' THEN false WHEN 'false' THEN false WHEN 'khong' THEN false
        WHEN '' THEN NULL END END;

-- A date as yyyymmdd: dd/MM/yyyy, d/M/yyyy (also - or .), yyyy-MM-dd; a bare year counts as 1 July.
CREATE OR REPLACE TEMP MACRO datekey(s) AS CASE
    WHEN s IS NULL THEN NULL
    WHEN length(s) = 10 AND s[3] = '/' AND s[6] = '/'
        THEN TRY_CAST(s[7:10] AS INT) * 10000 + TRY_CAST(s[4:5] AS INT) * 100 + TRY_CAST(s[1:2] AS INT)
    WHEN length(s) = 10 AND s[5] = '-' AND s[8] = '-'
        THEN TRY_CAST(s[1:4] AS INT) * 10000 + TRY_CAST(s[6:7] AS INT) * 100 + TRY_CAST(s[9:10] AS INT)
    WHEN regexp_full_match(trim(s), '\d{4}') THEN TRY_CAST(trim(s) AS INT) * 10000 + 701
    WHEN regexp_full_match(trim(s), '\d{4}[-/]\d{1,2}[-/]\d{1,2}')
        THEN list_reduce(list_transform(regexp_split_to_array(trim(s), '[-/]'), lambda x: x::INT), lambda a, b: a * 100 + b)
    WHEN regexp_full_match(trim(s), '\d{1,2}[-/.]\d{1,2}[-/.]\d{4}')
        THEN list_reduce(list_reverse(list_transform(regexp_split_to_array(trim(s), '[-/.]'), lambda x: x::INT)), lambda a, b: a * 100 + b)
    END;

-- VND with '.' or ',' thousands separators.
CREATE OR REPLACE TEMP MACRO money(s) AS TRY_CAST(replace(replace(trim(s), '.', ''), ',', '') AS BIGINT);

-- Enumerations: the codes of data-format.md first (what nearly every file holds), then any case,
-- spacing or diacritics of the codes and the Vietnamese spellings the CLI accepts.
CREATE OR REPLACE TEMP MACRO area_of(x) AS CASE x WHEN 'rural' THEN 'rural' WHEN 'urban' THEN 'urban' ELSE
    CASE lower(strip_accents(trim(x))) WHEN 'rural' THEN 'rural' WHEN 'nong thon' THEN 'rural'
        WHEN 'urban' THEN 'urban' WHEN 'thanh thi' THEN 'urban' WHEN 'do thi' THEN 'urban' WHEN 'đo thi' THEN 'urban' END END;
CREATE OR REPLACE TEMP MACRO housing_of(x) AS CASE x
    WHEN 'durable' THEN 'durable' WHEN 'semi_durable' THEN 'semi_durable' WHEN 'non_durable' THEN 'non_durable'
    WHEN 'makeshift' THEN 'makeshift' ELSE
    CASE lower(strip_accents(trim(x)))
        WHEN 'durable' THEN 'durable' WHEN 'kien co' THEN 'durable'
        WHEN 'semi_durable' THEN 'semi_durable' WHEN 'ban kien co' THEN 'semi_durable'
        WHEN 'non_durable' THEN 'non_durable' WHEN 'thieu kien co' THEN 'non_durable'
        WHEN 'makeshift' THEN 'makeshift' WHEN 'đon so' THEN 'makeshift' WHEN 'don so' THEN 'makeshift' END END;
-- Education as a rank: vocational counts as upper secondary (Facts.swift, Education.rank).
CREATE OR REPLACE TEMP MACRO education_rank(x) AS CASE x
    WHEN 'none' THEN 0 WHEN 'primary' THEN 1 WHEN 'lower_secondary' THEN 2 WHEN 'upper_secondary' THEN 3
    WHEN 'vocational' THEN 3 WHEN 'college_plus' THEN 4 ELSE
    CASE lower(strip_accents(trim(x)))
        WHEN 'none' THEN 0 WHEN 'primary' THEN 1 WHEN 'lower_secondary' THEN 2 WHEN 'upper_secondary' THEN 3
        WHEN 'vocational' THEN 3 WHEN 'college_plus' THEN 4
        WHEN 'khong' THEN 0 WHEN 'chua đi hoc' THEN 0 WHEN 'tieu hoc' THEN 1 WHEN 'trung hoc co so' THEN 2
        WHEN 'thcs' THEN 2 WHEN 'trung hoc pho thong' THEN 3 WHEN 'thpt' THEN 3 WHEN 'giao duc nghe nghiep' THEN 3
        WHEN 'hoc nghe' THEN 3 WHEN 'trung cap' THEN 3 WHEN 'cao đang' THEN 4 WHEN 'đai hoc' THEN 4
        WHEN 'cao đang tro len' THEN 4 WHEN 'đai hoc tro len' THEN 4 END END;
-- Employment deprived (ND07: unemployed, or a wage worker without a contract).
CREATE OR REPLACE TEMP MACRO employment_deprived(x) AS CASE x
    WHEN 'contract' THEN false WHEN 'self_employed' THEN false WHEN 'not_in_labour_force' THEN false
    WHEN 'no_contract' THEN true WHEN 'unemployed' THEN true ELSE
    CASE lower(strip_accents(trim(x)))
        WHEN 'contract' THEN false WHEN 'self_employed' THEN false WHEN 'not_in_labour_force' THEN false
        WHEN 'no_contract' THEN true WHEN 'unemployed' THEN true
        WHEN 'co hop đong lao đong' THEN false WHEN 'co hop đong' THEN false WHEN 'tu lam' THEN false
        WHEN 'khong tham gia luc luong lao đong' THEN false
        WHEN 'khong co hop đong lao đong' THEN true WHEN 'khong co hop đong' THEN true
        WHEN 'khong hop đong' THEN true WHEN 'that nghiep' THEN true END END;
-- Severe or particularly severe disability (a dependant whatever the age).
CREATE OR REPLACE TEMP MACRO severe_disability(x) AS CASE x
    WHEN 'none' THEN false WHEN 'mild' THEN false WHEN 'severe' THEN true WHEN 'particularly_severe' THEN true ELSE
    CASE lower(strip_accents(trim(x)))
        WHEN 'none' THEN false WHEN 'mild' THEN false WHEN 'severe' THEN true WHEN 'particularly_severe' THEN true
        WHEN 'khong' THEN false WHEN 'khong khuyet tat' THEN false WHEN 'nhe' THEN false WHEN 'nang' THEN true
        WHEN 'đac biet nang' THEN true END END;

-- "A member …" over members: deprived if one is, unknown if none is but one is unknown (2 / 1 / 0;
-- no members at all: 0, as the engine's loop over an empty list).
CREATE OR REPLACE TEMP MACRO anym(c) AS max(CASE WHEN c THEN 2 WHEN c IS NULL THEN 1 ELSE 0 END);
CREATE OR REPLACE TEMP MACRO tri3(v) AS CASE v WHEN 2 THEN true WHEN 1 THEN NULL ELSE false END;

-- 1.234.567
CREATE OR REPLACE TEMP MACRO vnd(x) AS format('{:t.}', x);

-- Parsed rows, loaded in parallel; with preserve_insertion_order the rowid is the file order
-- (output rows follow households.csv, low-income workers follow members.csv).
CREATE OR REPLACE TEMP TABLE h AS
    SELECT household_code AS code, area_of(area_type) AS area,
        coalesce(datekey(reference_date), ${review_year} * 10000 + 901) AS ref,
        money(monthly_income_per_capita) AS income, TRY_CAST(trim(income_score) AS INT) AS score,
        housing_of(housing_quality) AS hq, TRY_CAST(replace(trim(floor_area_m2), ',', '.') AS DOUBLE) AS floor_area,
        tri(clean_water) AS clean_water, tri(hygienic_latrine) AS latrine_ok, tri(internet) AS internet,
        tri(information_device) AS device,
        ${survey_columns}
    FROM read_csv(${households}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

CREATE OR REPLACE TEMP TABLE m AS
    SELECT household_code AS code, TRY_CAST(trim(member_no) AS INT) AS member_no, datekey(birth_date) AS birth,
        tri(health_insurance) AS insured, tri(in_school) AS in_school, education_rank(education) AS edu_rank,
        employment_deprived(employment) AS emp_deprived, severe_disability(disability) AS severe,
        tri(malnourished) AS malnourished
    FROM read_csv(${members}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

COPY (
WITH
-- Ages in completed years at the household's reference date: (yyyymmdd − yyyymmdd) div 10000.
ma AS (
    SELECT hrow, count(*) AS n,
        anym(age >= 15 AND age < 60 AND emp_deprived) AS employment,
        count(*) FILTER (WHERE age < 16 OR age >= 60 OR severe) AS dep_known,
        count(*) FILTER (WHERE (age < 16 OR age >= 60 OR severe) IS NULL) AS dep_maybe,
        anym(age < 16 AND malnourished) AS nutrition,
        anym(age >= 6 AND NOT insured) AS health_insurance,
        anym((age >= 16 AND age < 18 AND edu_rank < 2 AND NOT in_school)
             OR (age >= 18 AND age < 31 AND edu_rank < 3 AND NOT in_school)) AS adult_education,
        anym(age >= 3 AND age < 16 AND NOT in_school) AS child_schooling,
        -- (an ordered aggregate is several times slower in DuckDB than sorting these short lists afterwards)
        list({'r': mrow, 'n': member_no}) FILTER (WHERE age >= 15 AND age < 60) AS working_age
    FROM (SELECT m.*, m.rowid AS mrow, greatest(0, (h.ref - m.birth) // 10000) AS age, h.rowid AS hrow
          FROM m JOIN h USING (code)) AS x
    GROUP BY hrow
),
-- Indicator answers: derived from facts, the survey's B2 answer (deprived_<id>) overriding.
facts AS (
    SELECT h.*, h.rowid AS hrow, coalesce(ma.n, 0) AS n, ma.working_age,
        tri3(coalesce(ma.employment, 0)) AS f_employment,
        CASE WHEN coalesce(ma.n, 0) = 0 THEN NULL WHEN ma.dep_known > 0.5 * ma.n THEN true
             WHEN ma.dep_known + ma.dep_maybe > 0.5 * ma.n THEN NULL ELSE false END AS f_dependants,
        tri3(coalesce(ma.nutrition, 0)) AS f_nutrition, tri3(coalesce(ma.health_insurance, 0)) AS f_health_insurance,
        tri3(coalesce(ma.adult_education, 0)) AS f_adult_education, tri3(coalesce(ma.child_schooling, 0)) AS f_child_schooling,
        hq IN ('makeshift', 'non_durable') AS f_housing_quality,
        floor_area / nullif(coalesce(ma.n, 0), 0) < 8 AS f_floor_area,
        NOT clean_water AS f_water_source, NOT latrine_ok AS f_latrine, NOT internet AS f_telecom,
        NOT device AS f_information_assets
    FROM h LEFT JOIN ma ON ma.hrow = h.rowid
),
ind AS (
    SELECT *,
        coalesce(s_employment, f_employment) AS employment,
        coalesce(s_dependants, f_dependants) AS dependants,
        coalesce(s_nutrition, f_nutrition) AS nutrition,
        coalesce(s_health_insurance, f_health_insurance) AS health_insurance,
        coalesce(s_adult_education, f_adult_education) AS adult_education,
        coalesce(s_child_schooling, f_child_schooling) AS child_schooling,
        coalesce(s_housing_quality, f_housing_quality) AS housing_quality,
        coalesce(s_floor_area, f_floor_area) AS floor_area_d,
        coalesce(s_water_source, f_water_source) AS water_source,
        coalesce(s_latrine, f_latrine) AS latrine,
        coalesce(s_telecom, f_telecom) AS telecom,
        coalesce(s_information_assets, f_information_assets) AS information_assets,
        ${survey_disagreement} AS survey_disagrees
    FROM facts
),
counted AS (
    SELECT *,
        (employment IS TRUE)::INT + (dependants IS TRUE)::INT + (nutrition IS TRUE)::INT + (health_insurance IS TRUE)::INT
        + (adult_education IS TRUE)::INT + (child_schooling IS TRUE)::INT + (housing_quality IS TRUE)::INT
        + (floor_area_d IS TRUE)::INT + (water_source IS TRUE)::INT + (latrine IS TRUE)::INT + (telecom IS TRUE)::INT
        + (information_assets IS TRUE)::INT AS d,
        (employment IS NULL)::INT + (dependants IS NULL)::INT + (nutrition IS NULL)::INT + (health_insurance IS NULL)::INT
        + (adult_education IS NULL)::INT + (child_schooling IS NULL)::INT + (housing_quality IS NULL)::INT
        + (floor_area_d IS NULL)::INT + (water_source IS NULL)::INT + (latrine IS NULL)::INT + (telecom IS NULL)::INT
        + (information_assets IS NULL)::INT AS u,
        CASE area WHEN 'urban' THEN 2000000 ELSE 1500000 END AS pl,
        CASE area WHEN 'urban' THEN 3000000 ELSE 2250000 END AS upper_bound,
        CASE area WHEN 'urban' THEN 175 ELSE 140 END AS cut,
        CASE area WHEN 'urban' THEN 'thành thị' ELSE 'nông thôn' END AS area_vn
    FROM ind
),
decided AS (
    SELECT *,
        CASE WHEN score IS NOT NULL THEN 'score' WHEN income IS NOT NULL THEN 'income' END AS basis,
        CASE WHEN score IS NOT NULL THEN score <= cut WHEN income IS NOT NULL THEN income <= pl END AS below,
        CASE WHEN d >= 3 THEN true WHEN d + u < 3 THEN false END AS deprivation
    FROM counted
),
classified AS (
    SELECT *,
        CASE WHEN basis IS NULL THEN 'incomplete'
             WHEN below AND deprivation THEN 'poor'
             WHEN below AND NOT deprivation THEN 'near_poor'
             WHEN below THEN 'incomplete'
             WHEN income > pl AND income <= upper_bound THEN 'average'
             ELSE 'not_poor' END AS class,
        concat_ws(';',
            CASE WHEN employment THEN 'employment' END, CASE WHEN dependants THEN 'dependants' END,
            CASE WHEN nutrition THEN 'nutrition' END, CASE WHEN health_insurance THEN 'health_insurance' END,
            CASE WHEN adult_education THEN 'adult_education' END, CASE WHEN child_schooling THEN 'child_schooling' END,
            CASE WHEN housing_quality THEN 'housing_quality' END, CASE WHEN floor_area_d THEN 'floor_area' END,
            CASE WHEN water_source THEN 'water_source' END, CASE WHEN latrine THEN 'latrine' END,
            CASE WHEN telecom THEN 'telecom' END, CASE WHEN information_assets THEN 'information_assets' END) AS deprived,
        concat_ws(';',
            CASE WHEN employment IS NULL THEN 'employment' END, CASE WHEN dependants IS NULL THEN 'dependants' END,
            CASE WHEN nutrition IS NULL THEN 'nutrition' END, CASE WHEN health_insurance IS NULL THEN 'health_insurance' END,
            CASE WHEN adult_education IS NULL THEN 'adult_education' END, CASE WHEN child_schooling IS NULL THEN 'child_schooling' END,
            CASE WHEN housing_quality IS NULL THEN 'housing_quality' END, CASE WHEN floor_area_d IS NULL THEN 'floor_area' END,
            CASE WHEN water_source IS NULL THEN 'water_source' END, CASE WHEN latrine IS NULL THEN 'latrine' END,
            CASE WHEN telecom IS NULL THEN 'telecom' END, CASE WHEN information_assets IS NULL THEN 'information_assets' END) AS unknown,
        concat_ws(', ',
            CASE WHEN employment THEN 'Việc làm' END, CASE WHEN dependants THEN 'Người phụ thuộc trong hộ gia đình' END,
            CASE WHEN nutrition THEN 'Dinh dưỡng' END, CASE WHEN health_insurance THEN 'Bảo hiểm y tế' END,
            CASE WHEN adult_education THEN 'Trình độ giáo dục của người lớn' END,
            CASE WHEN child_schooling THEN 'Tình trạng đi học của trẻ em' END,
            CASE WHEN housing_quality THEN 'Chất lượng nhà ở' END,
            CASE WHEN floor_area_d THEN 'Diện tích nhà ở bình quân đầu người' END,
            CASE WHEN water_source THEN 'Nguồn nước sinh hoạt' END, CASE WHEN latrine THEN 'Nhà tiêu hợp vệ sinh' END,
            CASE WHEN telecom THEN 'Sử dụng dịch vụ viễn thông' END,
            CASE WHEN information_assets THEN 'Phương tiện phục vụ tiếp cận thông tin' END) AS deprived_names,
        concat_ws(', ',
            CASE WHEN employment IS NULL THEN 'Việc làm' END, CASE WHEN dependants IS NULL THEN 'Người phụ thuộc trong hộ gia đình' END,
            CASE WHEN nutrition IS NULL THEN 'Dinh dưỡng' END, CASE WHEN health_insurance IS NULL THEN 'Bảo hiểm y tế' END,
            CASE WHEN adult_education IS NULL THEN 'Trình độ giáo dục của người lớn' END,
            CASE WHEN child_schooling IS NULL THEN 'Tình trạng đi học của trẻ em' END,
            CASE WHEN housing_quality IS NULL THEN 'Chất lượng nhà ở' END,
            CASE WHEN floor_area_d IS NULL THEN 'Diện tích nhà ở bình quân đầu người' END,
            CASE WHEN water_source IS NULL THEN 'Nguồn nước sinh hoạt' END, CASE WHEN latrine IS NULL THEN 'Nhà tiêu hợp vệ sinh' END,
            CASE WHEN telecom IS NULL THEN 'Sử dụng dịch vụ viễn thông' END,
            CASE WHEN information_assets IS NULL THEN 'Phương tiện phục vụ tiếp cận thông tin' END) AS unknown_names,
        'thu nhập ' || vnd(income) || ' đ/người/tháng' AS income_text
    FROM decided
),
explained AS (
    SELECT *,
        CASE class WHEN 'poor' THEN 'Hộ nghèo' WHEN 'near_poor' THEN 'Hộ cận nghèo'
            WHEN 'average' THEN 'Hộ có mức sống trung bình' WHEN 'not_poor' THEN 'Hộ không nghèo'
            ELSE 'Chưa đủ thông tin để phân loại' END
        || ' theo chuẩn ND07-2022 (' || area_vn || '): '
        || CASE
            WHEN class = 'incomplete' AND basis IS NULL THEN 'chưa có thu nhập bình quân đầu người và điểm B1'
            WHEN class IN ('incomplete', 'poor', 'near_poor') THEN
                CASE basis WHEN 'score' THEN 'điểm B1 ' || score || ' ≤ ' || cut || ' điểm'
                    ELSE income_text || ' ≤ ' || vnd(pl) || ' đ' END
                || '; '
                || CASE WHEN class = 'incomplete' THEN
                        'thiếu hụt ' || d || '/12 chỉ số' || CASE WHEN d > 0 THEN ': ' || deprived_names ELSE '' END
                        || CASE WHEN u > 0 THEN '; chưa rõ ' || u || ' chỉ số: ' || unknown_names ELSE '' END
                        || '; chưa xác định được hộ có thiếu hụt từ 3 chỉ số trở lên hay không'
                    WHEN d = 0 THEN 'không thiếu hụt chỉ số nào (0/12)'
                    ELSE 'thiếu hụt ' || d || '/12 chỉ số' || CASE WHEN d >= 3 THEN ' (≥ 3)' ELSE ' (< 3)' END
                        || ': ' || deprived_names END
            ELSE
                CASE WHEN basis = 'score' THEN 'điểm B1 ' || score || ' > ' || cut || ' điểm; '
                        || CASE WHEN class = 'average' THEN income_text || ' ≤ ' || vnd(upper_bound) || ' đ'
                            WHEN income IS NOT NULL THEN income_text || CASE WHEN income > upper_bound THEN ' > ' ELSE ' ≤ ' END
                                || vnd(upper_bound) || ' đ'
                                || CASE WHEN income <= pl THEN ' (không thuộc khoảng mức sống trung bình)' ELSE '' END
                            ELSE 'chưa có thu nhập để xét mức sống trung bình' END
                    WHEN class = 'average' THEN income_text || ' > ' || vnd(pl) || ' đ và ≤ ' || vnd(upper_bound) || ' đ'
                    ELSE income_text || ' > ' || vnd(upper_bound) || ' đ' END
                || '; thiếu hụt ' || d || '/12 chỉ số (k = 3)' || CASE WHEN d > 0 THEN ': ' || deprived_names ELSE '' END
           END
        || '.' AS explanation
    FROM classified
)
SELECT code AS household_code, 'ND07-2022' AS standard, class, d AS deprivation_count,
    nullif(deprived, '') AS deprived, nullif(unknown, '') AS unknown, explanation, basis,
    income AS monthly_income_per_capita, CASE WHEN basis = 'score' THEN score END AS income_score,
    CASE WHEN class IN ('average', 'not_poor') AND income <= CASE area WHEN 'urban' THEN 3000000 ELSE 2250000 END
         THEN nullif(array_to_string(list_transform(list_sort(working_age), lambda x: x.n), ';'), '') END AS low_income_workers,
    nullif(concat_ws(';',
        CASE WHEN score IS NOT NULL AND income IS NOT NULL AND (income <= pl) <> (score <= cut) THEN 'score_income_disagree' END,
        CASE WHEN survey_disagrees THEN 'survey_disagrees_with_facts' END), '') AS warnings
FROM explained
ORDER BY hrow
) TO ${out} (FORMAT csv, HEADER true, DELIMITER ',');
