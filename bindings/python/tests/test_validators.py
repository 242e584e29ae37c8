"""Host validators (R12) written in Python: only None accepts."""

import unittest

import promo
import support


def two_new_lines(catalog):
    new = dict(new=True, term="annual", licenses=1, unit_price=1000)
    return support.order(catalog, lines=[("sub-1", "O365_E3", new), ("sub-2", "TEAMS_ESS", new)])


class Validators(unittest.TestCase):
    def setUp(self):
        self.catalog = support.catalog()

    def test_none_accepts_and_the_validator_sees_the_order_and_campaign(self):
        seen = []

        def look(order, campaign_id):
            seen.append((order, campaign_id, order.country, [line.subscription for line in order.lines]))
            return None

        order = support.order(self.catalog)
        self.assertTrue(order.apply("SPRING-2026", validators=[look]).ok)
        self.assertEqual(seen, [(order, "spring-2026", "NL", ["sub-1", "sub-2"])])

    def test_validators_run_in_order_and_the_first_rejection_ends_the_apply(self):
        calls = []

        def first(order, campaign_id):
            calls.append("first")
            return "first says no"

        def second(order, campaign_id):
            calls.append("second")

        with self.assertRaises(promo.RejectedByHost) as caught:
            support.order(self.catalog).apply("SPRING-2026", validators=[first, second])
        self.assertEqual(calls, ["first"])
        self.assertEqual(caught.exception.reason, "first says no")

    def test_an_empty_string_rejects_too(self):
        with self.assertRaises(promo.RejectedByHost) as caught:
            support.order(self.catalog).apply("SPRING-2026", validators=[lambda o, c: ""])
        self.assertEqual(caught.exception.reason, "")

    def test_a_line_validator_skips_lines_with_its_reason(self):
        class NoTeams(promo.Validator):
            def check_line(self, order, line, campaign_id):
                self.last = line
                return "Teams is excluded" if line.product == "TEAMS_ESS" else None

        validator = NoTeams()
        order = two_new_lines(self.catalog)
        result = order.apply("SPRING-2026", validators=[validator])
        self.assertEqual([line.status for line in result.lines], [promo.Status.OK, promo.Status.REJECTED_BY_HOST])
        self.assertEqual(result.lines[1].reason, "Teams is excluded")
        self.assertEqual(validator.last.position, 1)
        self.assertEqual([line.promo_code for line in order.lines], ["SPRING-2026", None])

    def test_a_line_validator_that_skips_every_line_refuses(self):
        class Nothing(promo.Validator):
            def check_line(self, order, line, campaign_id):
                return "not %s" % line.subscription

        with self.assertRaises(promo.RejectedByHost) as caught:
            two_new_lines(self.catalog).apply("SPRING-2026", validators=[Nothing()])
        self.assertEqual(caught.exception.reason, "not sub-1")

    def test_an_exception_is_re_raised_and_accepts_nothing(self):
        class Boom(Exception):
            pass

        def boom(order, campaign_id):
            raise Boom("database down")

        order = support.order(self.catalog)
        before = support.snapshot(order)
        with self.assertRaises(Boom) as caught:
            order.apply("SPRING-2026", validators=[boom])
        self.assertEqual(str(caught.exception), "database down")
        self.assertEqual(support.snapshot(order), before)
        with self.assertRaises(Boom):
            order.check("SPRING-2026", validators=[boom])
        self.assertEqual(support.snapshot(order), before)
        self.assertTrue(order.apply("SPRING-2026").ok)  # and the order still works

    def test_an_exception_on_a_later_line_undoes_the_lines_accepted_before(self):
        class SecondLineFails(promo.Validator):
            def check_line(self, order, line, campaign_id):
                if line.position == 1:
                    raise RuntimeError("lookup failed")
                return None

        order = two_new_lines(self.catalog)
        before = support.snapshot(order)
        with self.assertRaises(RuntimeError):
            order.apply("SPRING-2026", validators=[SecondLineFails()])
        self.assertEqual(support.snapshot(order), before)
        self.assertEqual([line.promo_code for line in order.lines], [None, None])

    def test_a_return_value_that_is_neither_none_nor_str_is_an_error(self):
        for answer in (True, False, 0, 1, b"no", ["no"], promo.Status.OK):
            with self.subTest(answer=answer):
                order = support.order(self.catalog)
                before = support.snapshot(order)
                if isinstance(answer, str):  # a Status is a str: it rejects
                    with self.assertRaises(promo.RejectedByHost):
                        order.apply("SPRING-2026", validators=[lambda o, c: answer])
                else:
                    with self.assertRaises(promo.ArgumentTypeError):
                        order.apply("SPRING-2026", validators=[lambda o, c: answer])
                self.assertEqual(support.snapshot(order), before)

    def test_keyboard_interrupt_propagates(self):
        def interrupted(order, campaign_id):
            raise KeyboardInterrupt

        order = support.order(self.catalog)
        with self.assertRaises(KeyboardInterrupt):
            order.apply("SPRING-2026", validators=[interrupted])
        self.assertIsNone(order.lines[0].promo_code)

    def test_a_validator_may_read_the_order_but_not_change_it(self):
        def change(order, campaign_id):
            order.country = "BE"

        def reapply(order, campaign_id):
            order.apply("SPRING-2026")

        def close(order, campaign_id):
            order.close()

        def add(order, campaign_id):
            order.add_line("x", "P", new=True, term="annual", licenses=1, unit_price=1)

        for validator in (change, reapply, close, add):
            with self.subTest(validator=validator.__name__):
                order = support.order(self.catalog)
                before = support.snapshot(order)
                with self.assertRaises(promo.InvalidArgument):
                    order.apply("SPRING-2026", validators=[validator])
                self.assertEqual(support.snapshot(order), before)

    def test_a_validator_may_apply_to_another_order(self):
        other = support.order(self.catalog, id="other")

        def nested(order, campaign_id):
            other.apply("SPRING-2026")

        self.assertTrue(support.order(self.catalog).apply("SPRING-2026", validators=[nested]).ok)
        self.assertEqual(other.lines[0].promo_code, "SPRING-2026")

    def test_a_long_reason_is_cut_at_a_character_boundary(self):
        reason = "\u00e9" * 200  # 400 bytes of UTF-8
        with self.assertRaises(promo.RejectedByHost) as caught:
            support.order(self.catalog).apply("SPRING-2026", validators=[lambda o, c: reason])
        kept = caught.exception.reason
        self.assertEqual(kept, "\u00e9" * 127)  # 254 bytes: the 128th would not fit in 255
        self.assertLessEqual(len(kept.encode("utf-8")), promo.REASON_MAX - 1)

    def test_a_reason_that_is_not_unicode_text_is_repaired(self):
        with self.assertRaises(promo.RejectedByHost) as caught:
            support.order(self.catalog).apply("SPRING-2026", validators=[lambda o, c: "a\ud800b"])
        self.assertEqual(caught.exception.reason, "a\ufffd\ufffd\ufffdb")

    def test_both_levels_in_one_validator_and_a_name(self):
        class Both(promo.Validator):
            name = "both"

            def check_order(self, order, campaign_id):
                return None

            def check_line(self, order, line, campaign_id):
                return None if line.new else "old"

        self.assertTrue(support.order(self.catalog).apply("SPRING-2026", validators=(Both(),)).ok)

    def test_a_validator_base_that_overrides_nothing_accepts(self):
        self.assertTrue(support.order(self.catalog).apply("SPRING-2026", validators=[promo.Validator()]).ok)

    def test_bad_validator_lists_are_type_errors_and_change_nothing(self):
        order = support.order(self.catalog)
        before = support.snapshot(order)
        for validators in (42, "abc", lambda o, c: None, promo.Validator(), [42], [None], [object()]):
            with self.subTest(validators=validators):
                with self.assertRaises(promo.ArgumentTypeError):
                    order.apply("SPRING-2026", validators=validators)
                self.assertEqual(support.snapshot(order), before)

    def test_a_generator_of_validators_is_accepted(self):
        result = support.order(self.catalog).apply("SPRING-2026", validators=(v for v in [lambda o, c: None]))
        self.assertTrue(result.ok)


if __name__ == "__main__":
    unittest.main()
