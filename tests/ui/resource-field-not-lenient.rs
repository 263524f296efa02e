use laml::resource;

// A price arrives as text ("-0.00250"); a float would lose what was sent.
#[resource(list = "recordings")]
pub struct Recording {
    pub sid: String,
    pub price: f64,
    pub method: Option<laml::CallbackMethod>,
}

fn main() {}
