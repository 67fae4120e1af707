//! The forward pass of a BERT encoder (all-MiniLM-L6-v2's shape: 6 layers, 384 wide, 12
//! heads) over one text's token ids, from weights in a safetensors file. Inference only, one text at
//! a time, no padding, f32; the matrix products are ndarray's (matrixmultiply's kernels).
//! Written here rather than taken from candle: this is the whole of what Kith runs, and
//! candle-transformers would build some hundred other models with it.

use ndarray::{Array1, Array2, ArrayView2, Axis, Slice};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use safetensors::tensor::{Metadata, SafeTensors, TensorInfo};
use safetensors::Dtype;

/// What a weight file must hold, and how the pass is shaped.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub layers: usize,
    pub hidden: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub positions: usize,
}

impl Shape {
    pub const MINILM_L6: Shape = Shape {
        layers: 6,
        hidden: 384,
        heads: 12,
        intermediate: 1536,
        positions: 512,
    };
}

/// LayerNorm's epsilon in BERT.
const LN_EPS: f32 = 1e-12;

#[derive(Debug)]
struct Linear {
    /// Transposed: `in × out`, so `x.dot(&w)` is `x Wᵀ`.
    w: Array2<f32>,
    b: Array1<f32>,
}

impl Linear {
    fn apply(&self, x: &ArrayView2<'_, f32>) -> Array2<f32> {
        x.dot(&self.w) + &self.b
    }
}

#[derive(Debug)]
struct Norm {
    g: Array1<f32>,
    b: Array1<f32>,
}

impl Norm {
    fn apply(&self, x: &mut Array2<f32>) {
        for mut row in x.rows_mut() {
            let n = row.len() as f32;
            let mean = row.sum() / n;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
            let inv = 1.0 / (var + LN_EPS).sqrt();
            for ((v, g), b) in row.iter_mut().zip(&self.g).zip(&self.b) {
                *v = (*v - mean) * inv * g + b;
            }
        }
    }
}

#[derive(Debug)]
struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    ln_attn: Norm,
    up: Linear,
    down: Linear,
    ln_out: Norm,
}

/// The encoder's weights.
#[derive(Debug)]
pub struct Bert {
    shape: Shape,
    words: Array2<f32>,
    positions: Array2<f32>,
    token_type: Array1<f32>,
    ln_emb: Norm,
    layers: Vec<Layer>,
}

/// Why a weight file could not be read.
pub type LoadError = String;

/// A safetensors file read in place: its header, and where its data starts.
struct WeightFile {
    file: std::fs::File,
    header: Metadata,
    data_start: u64,
    len: u64,
}

impl WeightFile {
    fn open(path: &Path) -> Result<WeightFile, LoadError> {
        let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let len = file.metadata().map_err(|e| e.to_string())?.len();
        let mut n = [0u8; 8];
        file.read_exact(&mut n)
            .map_err(|e| format!("no safetensors header: {e}"))?;
        let n = u64::from_le_bytes(n);
        // The header of a file of a few tensors is a few kilobytes; safetensors' own bound.
        if n > 100_000_000 || 8 + n > len {
            return Err(format!(
                "a safetensors header of {n} bytes in a file of {len}"
            ));
        }
        let mut header = vec![0u8; usize::try_from(n).map_err(|e| e.to_string())?];
        file.read_exact(&mut header).map_err(|e| e.to_string())?;
        let header: Metadata =
            serde_json::from_slice(&header).map_err(|e| format!("safetensors header: {e}"))?;
        Ok(WeightFile {
            file,
            header,
            data_start: 8 + n,
            len,
        })
    }

    /// The tensor `name` (described by `info`) as f32s, read from the file in pieces (never
    /// its bytes whole beside their copy).
    fn read(&self, name: &str, info: &TensorInfo) -> Result<Vec<f32>, LoadError> {
        let (start, end) = info.data_offsets;
        let bytes = end
            .checked_sub(start)
            .ok_or_else(|| format!("{name}: bad offsets"))?;
        let at = u64::try_from(start)
            .ok()
            .and_then(|s| self.data_start.checked_add(s))
            .filter(|at| at.checked_add(bytes as u64).is_some_and(|e| e <= self.len));
        let Some(at) = at.filter(|_| bytes % 4 == 0) else {
            return Err(format!("{name}: offsets {start}..{end} outside the file"));
        };
        let mut out = Vec::with_capacity(bytes / 4);
        let mut file = &self.file;
        file.seek(SeekFrom::Start(at)).map_err(|e| e.to_string())?;
        let mut piece = vec![0u8; (1 << 20).min(bytes)];
        let mut left = bytes;
        while left > 0 {
            let n = left.min(piece.len());
            file.read_exact(&mut piece[..n])
                .map_err(|e| format!("{name}: {e}"))?;
            out.extend(
                piece[..n]
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            );
            left -= n;
        }
        Ok(out)
    }
}

fn tensor(st: &WeightFile, name: &str, dims: &[usize]) -> Result<Vec<f32>, LoadError> {
    let info = st
        .header
        .info(name)
        .ok_or_else(|| format!("no tensor {name}"))?;
    if info.dtype != Dtype::F32 {
        return Err(format!("{name} is {:?}, not F32", info.dtype));
    }
    if info.shape != dims {
        return Err(format!("{name} has shape {:?}, not {dims:?}", info.shape));
    }
    st.read(name, info)
}

fn matrix(st: &WeightFile, name: &str, rows: usize, cols: usize) -> Result<Array2<f32>, LoadError> {
    Array2::from_shape_vec((rows, cols), tensor(st, name, &[rows, cols])?)
        .map_err(|e| e.to_string())
}

fn vector(st: &WeightFile, name: &str, n: usize) -> Result<Array1<f32>, LoadError> {
    Ok(Array1::from(tensor(st, name, &[n])?))
}

fn linear(st: &WeightFile, name: &str, n_in: usize, n_out: usize) -> Result<Linear, LoadError> {
    Ok(Linear {
        w: matrix(st, &format!("{name}.weight"), n_out, n_in)?.reversed_axes(),
        b: vector(st, &format!("{name}.bias"), n_out)?,
    })
}

fn norm(st: &WeightFile, name: &str, n: usize) -> Result<Norm, LoadError> {
    Ok(Norm {
        g: vector(st, &format!("{name}.weight"), n)?,
        b: vector(st, &format!("{name}.bias"), n)?,
    })
}

/// The Gauss error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7): BERT's GELU is
/// the exact one, x·Φ(x).
fn erf(x: f32) -> f32 {
    let sign = x.signum();
    let x = f64::from(x.abs());
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    sign * (1.0 - poly * (-x * x).exp()) as f32
}

fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

impl Bert {
    /// Reads the weights (a sentence-transformers BERT export) from a safetensors file, a
    /// tensor at a time: the load holds the weights as they are made, never the 90 MB file
    /// whole beside them (reading it whole made the load's peak about 190 MB over Kith's own).
    pub fn from_safetensors_file(path: &Path, shape: Shape) -> Result<Bert, LoadError> {
        Self::from_weights(&WeightFile::open(path)?, shape)
    }

    /// The model with a low-rank change to its linear maps applied (LoRA factors, as
    /// `eval/help/finetune.py` writes them): for each map `P` the file names, `P.a` (rank ×
    /// in) and `P.b` (out × rank), its weight becomes `W + scale · B A`, `scale` from the
    /// file's metadata. Applied once at load, so the pass costs what it did.
    pub fn with_change(mut self, bytes: &[u8]) -> Result<Bert, LoadError> {
        let file = SafeTensors::deserialize(bytes).map_err(|e| format!("the change: {e}"))?;
        let (_, header) =
            SafeTensors::read_metadata(bytes).map_err(|e| format!("the change: {e}"))?;
        let scale: f32 = header
            .metadata()
            .as_ref()
            .and_then(|m| m.get("scale"))
            .and_then(|s| s.parse().ok())
            .ok_or("the change has no scale")?;
        let factor = |name: &str| -> Result<Option<Array2<f32>>, LoadError> {
            let Ok(t) = file.tensor(name) else {
                return Ok(None);
            };
            if t.dtype() != Dtype::F32 || t.shape().len() != 2 {
                return Err(format!(
                    "{name} is {:?} {:?}, not a F32 matrix",
                    t.dtype(),
                    t.shape()
                ));
            }
            let values = t
                .data()
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            Array2::from_shape_vec((t.shape()[0], t.shape()[1]), values)
                .map(Some)
                .map_err(|e| format!("{name}: {e}"))
        };
        let mut applied = 0;
        for (l, layer) in self.layers.iter_mut().enumerate() {
            for (name, map) in [
                ("attention.self.query", &mut layer.q),
                ("attention.self.key", &mut layer.k),
                ("attention.self.value", &mut layer.v),
                ("attention.output.dense", &mut layer.o),
                ("intermediate.dense", &mut layer.up),
                ("output.dense", &mut layer.down),
            ] {
                let p = format!("encoder.layer.{l}.{name}");
                let (Some(a), Some(b)) = (factor(&format!("{p}.a"))?, factor(&format!("{p}.b"))?)
                else {
                    continue;
                };
                let (n_in, n_out) = map.w.dim();
                if a.dim().1 != n_in || b.dim().0 != n_out || a.dim().0 != b.dim().1 {
                    return Err(format!(
                        "{p}: factors {:?} and {:?} do not fit a {n_out} × {n_in} map",
                        a.dim(),
                        b.dim()
                    ));
                }
                // `w` is held transposed (in × out): add (B A)ᵀ = Aᵀ Bᵀ.
                map.w.scaled_add(scale, &a.t().dot(&b.t()));
                applied += 1;
            }
        }
        if applied == 0 {
            return Err("the change names none of the model's maps".to_owned());
        }
        Ok(self)
    }

    fn from_weights(st: &WeightFile, shape: Shape) -> Result<Bert, LoadError> {
        let h = shape.hidden;
        let vocab = st
            .header
            .info("embeddings.word_embeddings.weight")
            .and_then(|t| t.shape.first().copied())
            .unwrap_or(0);
        let mut layers = Vec::with_capacity(shape.layers);
        for l in 0..shape.layers {
            let p = format!("encoder.layer.{l}");
            layers.push(Layer {
                q: linear(st, &format!("{p}.attention.self.query"), h, h)?,
                k: linear(st, &format!("{p}.attention.self.key"), h, h)?,
                v: linear(st, &format!("{p}.attention.self.value"), h, h)?,
                o: linear(st, &format!("{p}.attention.output.dense"), h, h)?,
                ln_attn: norm(st, &format!("{p}.attention.output.LayerNorm"), h)?,
                up: linear(
                    st,
                    &format!("{p}.intermediate.dense"),
                    h,
                    shape.intermediate,
                )?,
                down: linear(st, &format!("{p}.output.dense"), shape.intermediate, h)?,
                ln_out: norm(st, &format!("{p}.output.LayerNorm"), h)?,
            });
        }
        Ok(Bert {
            shape,
            words: matrix(st, "embeddings.word_embeddings.weight", vocab, h)?,
            positions: matrix(
                st,
                "embeddings.position_embeddings.weight",
                shape.positions,
                h,
            )?,
            token_type: matrix(st, "embeddings.token_type_embeddings.weight", 2, h)?
                .row(0)
                .to_owned(),
            ln_emb: norm(st, "embeddings.LayerNorm", h)?,
            layers,
        })
    }

    /// The mean of the input embeddings of `ids` (no pass through the layers), unit length:
    /// what a word is out of context.
    pub fn static_vector(&self, ids: &[u32]) -> Vec<f32> {
        let mut sum = Array1::<f32>::zeros(self.shape.hidden);
        for &id in ids {
            if let Some(row) = usize::try_from(id).ok().filter(|&i| i < self.words.nrows()) {
                sum += &self.words.row(row);
            }
        }
        let norm = sum.dot(&sum).sqrt();
        if norm > 0.0 {
            sum /= norm;
        }
        sum.to_vec()
    }

    /// The most tokens one pass reads.
    pub fn max_tokens(&self) -> usize {
        self.shape.positions
    }

    /// The last layer's output for `ids` (`[CLS] … [SEP]`, at most [`Bert::max_tokens`]): one
    /// row per token. An id outside the vocabulary reads as 0 (`[PAD]`).
    pub fn forward(&self, ids: &[u32]) -> Array2<f32> {
        let n = ids.len().min(self.shape.positions);
        let h = self.shape.hidden;
        let mut x = Array2::<f32>::zeros((n, h));
        for (i, &id) in ids.iter().take(n).enumerate() {
            let id = usize::try_from(id).unwrap_or(0);
            let id = if id < self.words.nrows() { id } else { 0 };
            let mut row = x.row_mut(i);
            row += &self.words.row(id);
            row += &self.positions.row(i);
            row += &self.token_type;
        }
        self.ln_emb.apply(&mut x);
        for layer in &self.layers {
            x = self.layer(layer, x);
        }
        x
    }

    fn layer(&self, l: &Layer, x: Array2<f32>) -> Array2<f32> {
        let (n, h) = x.dim();
        let heads = self.shape.heads;
        let d = h / heads;
        let scale = 1.0 / (d as f32).sqrt();
        let q = l.q.apply(&x.view());
        let k = l.k.apply(&x.view());
        let v = l.v.apply(&x.view());
        let mut context = Array2::<f32>::zeros((n, h));
        for head in 0..heads {
            let cols = Slice::from(head * d..(head + 1) * d);
            let (qh, kh, vh) = (
                q.slice_axis(Axis(1), cols),
                k.slice_axis(Axis(1), cols),
                v.slice_axis(Axis(1), cols),
            );
            let mut scores = qh.dot(&kh.t()) * scale;
            for mut row in scores.rows_mut() {
                let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
                row.mapv_inplace(|v| (v - max).exp());
                let sum = row.sum();
                row /= sum;
            }
            context
                .slice_axis_mut(Axis(1), cols)
                .assign(&scores.dot(&vh));
        }
        let mut x = l.o.apply(&context.view()) + &x;
        l.ln_attn.apply(&mut x);
        let mut up = l.up.apply(&x.view());
        up.mapv_inplace(gelu);
        let mut out = l.down.apply(&up.view()) + &x;
        l.ln_out.apply(&mut out);
        out
    }
}

/// The mean of `rows` (a selection of a pass's output rows), L2-normalised: a sentence
/// vector as sentence-transformers pools it. Empty when `rows` is.
pub fn mean_pool(out: &Array2<f32>, rows: impl IntoIterator<Item = usize>) -> Vec<f32> {
    let mut sum = Array1::<f32>::zeros(out.ncols());
    let mut count = 0usize;
    for r in rows {
        if r < out.nrows() {
            sum += &out.index_axis(Axis(0), r);
            count += 1;
        }
    }
    if count == 0 {
        return Vec::new();
    }
    let norm = sum.dot(&sum).sqrt();
    if norm > 0.0 {
        sum /= norm;
    }
    sum.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zeros(n_in: usize, n_out: usize) -> Linear {
        Linear {
            w: Array2::zeros((n_in, n_out)),
            b: Array1::zeros(n_out),
        }
    }

    fn tiny() -> Bert {
        let norm = || Norm {
            g: Array1::ones(4),
            b: Array1::zeros(4),
        };
        Bert {
            shape: Shape {
                layers: 1,
                hidden: 4,
                heads: 1,
                intermediate: 8,
                positions: 4,
            },
            words: Array2::zeros((3, 4)),
            positions: Array2::zeros((4, 4)),
            token_type: Array1::zeros(4),
            ln_emb: norm(),
            layers: vec![Layer {
                q: zeros(4, 4),
                k: zeros(4, 4),
                v: zeros(4, 4),
                o: zeros(4, 4),
                ln_attn: norm(),
                up: zeros(4, 8),
                down: zeros(8, 4),
                ln_out: norm(),
            }],
        }
    }

    fn change(scale: &str, tensors: &[(&str, (usize, usize), Vec<f32>)]) -> Vec<u8> {
        let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
            .iter()
            .map(|(n, (r, c), v)| {
                let b = v.iter().flat_map(|x| x.to_le_bytes()).collect();
                ((*n).to_owned(), vec![*r, *c], b)
            })
            .collect();
        let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = bytes
            .iter()
            .map(|(n, s, b)| {
                let view = safetensors::tensor::TensorView::new(Dtype::F32, s.clone(), b).unwrap();
                (n.clone(), view)
            })
            .collect();
        let meta = std::collections::HashMap::from([("scale".to_owned(), scale.to_owned())]);
        safetensors::tensor::serialize(views, Some(meta)).unwrap()
    }

    #[test]
    fn a_change_adds_scale_times_b_a_to_the_maps_it_names() {
        // Rank 1: A = [1 2 0 0] (1 × in), B = [1 0 0 3]ᵀ (out × 1), scale 2: W += 2 B A.
        let bytes = change(
            "2",
            &[
                (
                    "encoder.layer.0.attention.self.value.a",
                    (1, 4),
                    vec![1.0, 2.0, 0.0, 0.0],
                ),
                (
                    "encoder.layer.0.attention.self.value.b",
                    (4, 1),
                    vec![1.0, 0.0, 0.0, 3.0],
                ),
            ],
        );
        let bert = tiny().with_change(&bytes).unwrap();
        let w = &bert.layers[0].v.w; // in × out
        assert_eq!(w[[0, 0]], 2.0);
        assert_eq!(w[[1, 0]], 4.0);
        assert_eq!(w[[0, 3]], 6.0);
        assert_eq!(w[[1, 3]], 12.0);
        assert_eq!(w.iter().filter(|x| **x != 0.0).count(), 4);
        // The maps it does not name are untouched.
        assert!(bert.layers[0].q.w.iter().all(|x| *x == 0.0));
    }

    #[test]
    fn a_change_that_does_not_fit_is_refused_by_name() {
        let wrong = change(
            "2",
            &[
                ("encoder.layer.0.intermediate.dense.a", (1, 8), vec![0.0; 8]),
                ("encoder.layer.0.intermediate.dense.b", (8, 1), vec![0.0; 8]),
            ],
        );
        let e = tiny().with_change(&wrong).unwrap_err();
        assert!(e.contains("encoder.layer.0.intermediate.dense"), "{e}");
        let none = change("2", &[("something.else.a", (1, 4), vec![0.0; 4])]);
        assert!(tiny()
            .with_change(&none)
            .unwrap_err()
            .contains("none of the model's maps"));
        assert!(tiny().with_change(b"not a file").is_err());
    }

    #[test]
    fn erf_and_gelu_are_the_exact_ones() {
        // Reference values of erf.
        for (x, want) in [
            (0.0, 0.0),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
        ] {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x}) = {}", erf(x));
        }
        assert!((gelu(1.0) - 0.841_344_7).abs() < 1e-6);
    }
}
