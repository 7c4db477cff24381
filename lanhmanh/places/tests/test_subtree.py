"""Subtree selection: one indexed prefix query on both databases."""

import re

from django.db import connection

from lanhmanh.places.models import AdministrativeUnit


def test_a_subtree_is_selected_in_one_query(tay_ninh_2019, django_assert_num_queries):
    trang_bang = AdministrativeUnit.objects.get(code="712")
    with django_assert_num_queries(1):
        codes = list(AdministrativeUnit.objects.subtree(trang_bang).values_list("code", flat=True))
    assert codes[0] == "712"
    assert len(codes) == 13  # the district, 12 commune records (two merged in 2020 and their successor)


def test_a_subtree_query_is_served_by_the_index_on_path(tay_ninh_2019):
    trang_bang = AdministrativeUnit.objects.get(code="712")
    subtree = AdministrativeUnit.objects.subtree(trang_bang)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A table of a hundred rows is cheaper to scan; forbid that (for this transaction only)
            # so the plan shows whether an index *can* serve the prefix match.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                ["places_administrativeunit", "%varchar_pattern_ops%"],
            )
            path_indexes = [name for (name,) in cursor.fetchall()]
        plan = subtree.explain()
        assert path_indexes, "the path column needs its varchar_pattern_ops (LIKE) index"
        assert re.search(rf"(Index Scan using|Bitmap Index Scan on) ({'|'.join(path_indexes)})", plan), plan
        # A range on the index (prefix), not a full index walk with a filter.
        assert re.search(r"Index Cond: .*path.*~>=~", plan), plan
    else:
        plan = subtree.explain()
        # SQLite turns GLOB 'prefix*' into a range search on the (unique) index of path.
        assert re.search(
            r"SEARCH places_administrativeunit USING (COVERING )?INDEX \S+ \(path>\? AND path<\?\)", plan
        ), plan
