namespace Chronos.Storage.Sqlite.Vectors;

/// <summary>
/// Keeps the k highest scores seen, as a min-heap on arrays: a candidate below the current k-th score is rejected by
/// one comparison, which is what a scan over many rows does almost every time.
/// </summary>
internal struct TopK
{
    private readonly int[] _rows;
    private readonly float[] _scores;
    private readonly float _minScore;
    private int _count;

    /// <summary>Creates an empty selection of at most <paramref name="k"/> rows scoring at least <paramref name="minScore"/>.</summary>
    public TopK(int k, float minScore)
    {
        _rows = new int[k];
        _scores = new float[k];
        _minScore = minScore;
        _count = 0;
    }

    /// <summary>Considers one row.</summary>
    public void Offer(int row, float score)
    {
        if (score < _minScore || float.IsNaN(score))
        {
            return;
        }
        if (_count < _rows.Length)
        {
            var i = _count++;
            _rows[i] = row;
            _scores[i] = score;
            SiftUp(i);
        }
        else if (score > _scores[0])
        {
            _rows[0] = row;
            _scores[0] = score;
            SiftDown(0);
        }
    }

    /// <summary>The kept rows, highest score first; empties the selection.</summary>
    public (int Row, float Score)[] Drain()
    {
        var result = new (int, float)[_count];
        for (var i = _count - 1; i >= 0; i--)
        {
            result[i] = (_rows[0], _scores[0]);
            _count--;
            _rows[0] = _rows[_count];
            _scores[0] = _scores[_count];
            SiftDown(0);
        }
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_scores[parent] <= _scores[i])
            {
                return;
            }
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= _count)
            {
                return;
            }
            var smallest = left + 1 < _count && _scores[left + 1] < _scores[left] ? left + 1 : left;
            if (_scores[i] <= _scores[smallest])
            {
                return;
            }
            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
    }
}
