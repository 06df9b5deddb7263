"""The same function with the model loaded once per instance, at import: the better
variant of the peer (gunicorn main_load_once:app)."""
import os

import joblib
from flask import Flask, jsonify, request

model = joblib.load(os.environ.get("MODEL_PATH", "model.pkl"))


def predict(request):
    data = request.get_json()
    features = [data["sepal_length"], data["sepal_width"], data["petal_length"], data["petal_width"]]
    prediction = model.predict([features])
    return jsonify({"predicted_class": int(prediction[0])})


app = Flask(__name__)
app.add_url_rule("/", "predict", lambda: predict(request), methods=["POST"])
